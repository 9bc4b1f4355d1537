package dev.chatbridge.core.vision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageLinksTest {

    @Test
    void findsHttpImageLinksWithQueriesAndWithoutSurroundingPunctuation() {
        String text = "look at https://img.example.com/a/cat.PNG, and (http://x.example/dog.jpeg?size=2&v=1). "
                + "Also [pic](https://y.example/p.webp) <https://cdn.example/q.gif#top> https://z.example/f.jpg.";
        assertThat(ImageLinks.in(text))
                .containsExactly(
                        "https://img.example.com/a/cat.PNG",
                        "http://x.example/dog.jpeg?size=2&v=1",
                        "https://y.example/p.webp",
                        "https://cdn.example/q.gif#top",
                        "https://z.example/f.jpg");
    }

    @Test
    void ignoresPagesOtherSchemesCredentialsAndLookalikes() {
        String text = "https://example.com/page.html https://example.com/cat.png.html https://example.com/png "
                + "ftp://example.com/cat.png file:///etc/cat.png https://u:p@example.com/cat.png "
                + "https://example.com/dir.png/ www.example.com/cat.png";
        assertThat(ImageLinks.in(text)).isEmpty();
    }

    @Test
    void listsEachLinkOnceAndKnowsWhenNothingElseIsAsked() {
        String text = "https://a.example/x.png https://a.example/x.png";
        assertThat(ImageLinks.in(text)).containsExactly("https://a.example/x.png");
        assertThat(ImageLinks.onlyLinks(text)).isTrue();
        assertThat(ImageLinks.onlyLinks("<https://a.example/x.png>, (https://b.example/y.gif)!"))
                .isTrue();
        assertThat(ImageLinks.onlyLinks("what is https://a.example/x.png ?")).isFalse();
        assertThat(ImageLinks.onlyLinks("just text")).isFalse();
    }
}
