package dev.chatbridge.core;

import dev.chatbridge.core.chat.ResilientChatUpstream;
import dev.chatbridge.core.net.AddressPolicy;
import dev.chatbridge.core.net.FetchLimits;
import dev.chatbridge.core.net.HostResolver;
import dev.chatbridge.core.net.TrustedHosts;
import dev.chatbridge.core.net.UrlFetcher;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.quota.QuotaSettings;

/**
 * The operator's limits, where metrics go, when the gateway's circuit breaker opens, and the
 * guarded fetcher for URLs users supply.
 */
public record Safeguards(
        QuotaSettings quotas, BridgeMetrics metrics, ResilientChatUpstream.Settings breaker, UrlFetcher urlFetcher) {

    /** No limits, metrics kept in memory only, the default breaker, public addresses only. */
    public static Safeguards none() {
        return new Safeguards(
                QuotaSettings.unlimited(),
                BridgeMetrics.none(),
                ResilientChatUpstream.Settings.defaults(),
                new UrlFetcher(
                        AddressPolicy.publicOnly(),
                        HostResolver.system(),
                        TrustedHosts.none(),
                        FetchLimits.defaults(10L * 1024 * 1024)));
    }
}
