package dev.chatbridge.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.LastQuestion;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.storage.StorageUnavailableException;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

class ConversationStoreIT {

    private static LettuceConnectionFactory factory;
    private static StringRedisTemplate redis;
    private static ConversationStore store;

    @BeforeAll
    static void connect() {
        factory = RedisConnections.connect(RedisTestServer.url(), Duration.ofSeconds(2));
        redis = new StringRedisTemplate(factory);
        store = new RedisConversationStore(redis, Duration.ofHours(1), 6);
    }

    @AfterAll
    static void disconnect() {
        factory.destroy();
    }

    @Test
    void appendsPairsAndReadsThemBackInOrder() {
        ConversationKey key = newKey();
        store.appendPair(key, 0, Turn.user("q1"), Turn.assistant("a1"));
        store.appendPair(key, 0, Turn.user("q2 多语言 ✨"), Turn.assistant("a2"));

        assertThat(store.beginTurn(key, key.userId(), "q3").history())
                .containsExactly(Turn.user("q1"), Turn.assistant("a1"), Turn.user("q2 多语言 ✨"), Turn.assistant("a2"));
        assertThat(store.lastQuestion(key)).isEqualTo(LastQuestion.text("q3"));
    }

    @Test
    void dropsTrimmedTurnsAndCapsTheListWhenAppending() {
        ConversationKey key = newKey();
        for (int i = 0; i < 3; i++) {
            store.appendPair(key, 0, Turn.user("q" + i), Turn.assistant("a" + i));
        }
        store.appendPair(key, 2, Turn.user("q3"), Turn.assistant("a3"));

        assertThat(store.beginTurn(key, key.userId(), "next").history())
                .extracting(Turn::text)
                .containsExactly("q1", "a1", "q2", "a2", "q3", "a3");
        store.appendPair(key, 0, Turn.user("q4"), Turn.assistant("a4"));
        assertThat(store.beginTurn(key, key.userId(), "next").history())
                .hasSize(6)
                .first()
                .isEqualTo(Turn.user("q2"));
    }

    @Test
    void setsAndRefreshesTheTtl() {
        ConversationKey key = newKey();
        store.appendPair(key, 0, Turn.user("q"), Turn.assistant("a"));
        redis.expire("cb:ctx:" + key.id(), Duration.ofSeconds(5));

        store.beginTurn(key, key.userId(), "again");

        assertThat(redis.getExpire("cb:ctx:" + key.id())).isGreaterThan(3000);
    }

    @Test
    void keepsSettingsPerUserAndClearsThem() {
        ConversationKey key = newKey();
        store.updateSettings("tg", key.userId(), "model", "deepseek-chat");
        store.updateSettings("tg", key.userId(), "system", "be brief");
        store.updateSettings("tg", key.userId(), "language", "zh-TW");

        assertThat(store.beginTurn(key, key.userId(), "q").settings())
                .isEqualTo(new UserSettings("deepseek-chat", "be brief", "zh-TW"));
        store.updateSettings("tg", key.userId(), "system", null);
        assertThat(store.settings("tg", key.userId())).isEqualTo(new UserSettings("deepseek-chat", null, "zh-TW"));
    }

    @Test
    void keepsTheTuningChosenInSettingsAndReadsAnUnparsableValueAsUnset() {
        // A user of its own: settings are per user, and newKey() reuses one.
        ConversationKey key = new ConversationKey("tg", "tuning-chat", "tuner");
        store.updateSettings("tg", key.userId(), UserSettings.TEMPERATURE, "0.7");
        store.updateSettings("tg", key.userId(), UserSettings.MAX_TOKENS, "1024");
        store.updateSettings("tg", key.userId(), UserSettings.IMAGE_DETAIL, "low");

        assertThat(store.beginTurn(key, key.userId(), "q").settings())
                .isEqualTo(new UserSettings(null, null, null, 0.7, 1024, "low"));
        store.updateSettings("tg", key.userId(), UserSettings.MAX_TOKENS, "lots");
        assertThat(store.settings("tg", key.userId()).maxTokens()).isNull();
    }

    @Test
    void popsTheLastPairOnlyWhenItAnsweredTheRetriedQuestion() {
        ConversationKey key = newKey();
        store.appendPair(key, 0, Turn.user("q1"), Turn.assistant("a1"));
        store.popLastPairIfAbout(key, "other");
        assertThat(store.beginTurn(key, key.userId(), "x").history()).hasSize(2);
        store.popLastPairIfAbout(key, "q1");
        assertThat(store.beginTurn(key, key.userId(), "x").history()).isEmpty();
    }

    @Test
    void remembersTheTrimNoticeUntilCleared() {
        ConversationKey key = newKey();
        store.markTrimNoticeGiven(key);
        assertThat(store.beginTurn(key, key.userId(), "q").trimNoticeGiven()).isTrue();
        store.clear(key);
        assertThat(store.beginTurn(key, key.userId(), "q").trimNoticeGiven()).isFalse();
    }

    @Test
    void reportsAnUnreachableRedisAsStorageUnavailable() {
        try (RedisTestServer.Dedicated dedicated = RedisTestServer.startDedicated()) {
            LettuceConnectionFactory down = RedisConnections.connect(dedicated.url(), Duration.ofMillis(500));
            ConversationStore unreachable =
                    new RedisConversationStore(new StringRedisTemplate(down), Duration.ofHours(1), 10);
            dedicated.stop();
            assertThatThrownBy(() -> unreachable.beginTurn(newKey(), "1", "q"))
                    .isInstanceOf(StorageUnavailableException.class);
            down.destroy();
        }
    }

    @Test
    void movesEveryConversationOfAChatToItsNewIdAfterWhatIsAlreadyThere() {
        ConversationKey alice = newKey();
        String group = alice.chatId();
        String supergroup = "-100" + group;
        ConversationKey shared = new ConversationKey("tg", group, ConversationKey.SHARED);
        ConversationKey elsewhere = newKey();
        store.appendPair(alice, 0, Turn.user("q1"), Turn.assistant("a1"));
        store.beginTurn(alice, alice.userId(), "q2");
        store.markTrimNoticeGiven(alice);
        store.beginTurn(shared, "8", "only asked");
        store.appendPair(elsewhere, 0, Turn.user("other"), Turn.assistant("chat"));
        // Already answered in the supergroup before the old group's conversation got there.
        store.appendPair(alice.inChat(supergroup), 0, Turn.user("q0"), Turn.assistant("a0"));

        store.moveChat("tg", group, supergroup);

        var moved = store.beginTurn(alice.inChat(supergroup), alice.userId(), "q3");
        assertThat(moved.history()).extracting(Turn::text).containsExactly("q0", "a0", "q1", "a1");
        assertThat(moved.trimNoticeGiven()).isTrue();
        assertThat(store.lastQuestion(shared.inChat(supergroup))).isEqualTo(LastQuestion.text("only asked"));
        assertThat(store.beginTurn(alice, alice.userId(), "x").history()).isEmpty();
        assertThat(store.lastQuestion(shared)).isNull();
        assertThat(store.beginTurn(elsewhere, elsewhere.userId(), "y").history())
                .extracting(Turn::text)
                .containsExactly("other", "chat");

        // A pair saved under the old id after the move (an answer that was being written) follows it.
        store.appendPair(alice, 0, Turn.user("q3"), Turn.assistant("a3"));
        store.move(alice, alice.inChat(supergroup));
        assertThat(store.beginTurn(alice.inChat(supergroup), alice.userId(), "q4")
                        .history())
                .extracting(Turn::text)
                .containsExactly("q0", "a0", "q1", "a1", "q3", "a3");
    }

    private static ConversationKey newKey() {
        return new ConversationKey("tg", UUID.randomUUID().toString().substring(0, 8), "7");
    }
}
