package dev.chatbridge.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.net.OutboundProxies.Settings;
import dev.chatbridge.testsupport.common.HttpConnectProxy;
import dev.chatbridge.testsupport.common.Socks5Proxy;
import org.junit.jupiter.api.Test;

/**
 * The real TelegramBots client (long polling, sends, edits) through outbound proxies. The fake Bot API answers as
 * {@code api.telegram.test}, a name only the proxies resolve: without them the bot could not even identify itself.
 */
class TelegramProxyIT {

    private static final String HOST = "api.telegram.test";

    @Test
    void pollsAndAnswersThroughTelegramProxyOverSocks5WithCredentials() throws Exception {
        try (Socks5Proxy socks = new Socks5Proxy();
                HttpConnectProxy general = new HttpConnectProxy()) {
            socks.requireCredentials("tg", "s3cret");
            try (TelegramTestBot t = TelegramTestBot.start(new TelegramTestBot.Options().telegramThrough(HOST, fake -> {
                socks.route(HOST, fake);
                // TELEGRAM_PROXY replaces the general proxy for Telegram.
                return OutboundProxies.of(
                        new Settings(general.url(), general.url(), "", "", socks.url("tg", "s3cret"), "", ""));
            }))) {
                long chat = TelegramTestBot.newId();
                t.ask(chat, "hello via socks", 1);

                assertThat(t.telegram.messages(chat).getLast().text()).contains("echo: hello via socks");
                assertThat(socks.tunnelsTo(HOST)).isGreaterThanOrEqualTo(2); // the poll and the send at least
                assertThat(socks.refusedCredentials()).isZero();
                assertThat(general.tunnels()).isZero();
            }
        }
    }

    @Test
    void pollsAndAnswersThroughTheGeneralHttpProxyWithCredentials() throws Exception {
        try (HttpConnectProxy proxy = new HttpConnectProxy()) {
            proxy.requireCredentials("alice", "pw");
            try (TelegramTestBot t = TelegramTestBot.start(new TelegramTestBot.Options().telegramThrough(HOST, fake -> {
                proxy.route(HOST, fake);
                return OutboundProxies.of(new Settings("", "", proxy.url("alice", "pw"), "", "", "", ""));
            }))) {
                long chat = TelegramTestBot.newId();
                t.ask(chat, "hello via http proxy", 1);

                assertThat(t.telegram.messages(chat).getLast().text()).contains("echo: hello via http proxy");
                assertThat(proxy.tunnelsTo(HOST)).isGreaterThanOrEqualTo(2);
            }
        }
    }
}
