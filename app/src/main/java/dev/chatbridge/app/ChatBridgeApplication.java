package dev.chatbridge.app;

import dev.chatbridge.core.upstream.openai.StartupWarmUp;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Assembles the core and the enabled platform adapters. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({TelegramConfiguration.class, DiscordConfiguration.class})
public class ChatBridgeApplication {

    public static void main(String[] args) {
        StartupWarmUp.begin();
        SpringApplication.run(ChatBridgeApplication.class, args);
    }
}
