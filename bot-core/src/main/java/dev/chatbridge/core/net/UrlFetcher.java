package dev.chatbridge.core.net;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Downloads what a URL points at, guarding against server-side request forgery when a user
 * supplied the URL (an image link in a message, a URL in a tool's arguments). For such a URL every
 * hop, the first and each redirect, is checked before anything is sent: http(s) only, no
 * credentials in the URL, and every address its host resolves to must pass the
 * {@link AddressPolicy} (public addresses only by default). The connection then goes to exactly
 * the addresses that were checked, so a DNS answer that changes between check and connect (DNS
 * rebinding) cannot redirect it. Hosts in {@link TrustedHosts} (the operator's gateway and
 * Midjourney proxy, and hosts the operator lists) skip the address check. A link one of the
 * operator's services returned is fetched from its own origin unchecked, but every redirect to
 * another host not in {@link TrustedHosts} is checked (and pinned) against the service policy:
 * never loopback, link-local or a cloud metadata address, however trusted the first host is.
 * Every download, trusted or not, is capped in size and time.
 *
 * <p>Through an outbound proxy ({@link OutboundProxies.Target#GENERAL}) the same check applies to the link's host,
 * never to the proxy's (which is usually private). The proxy then resolves the name again on its side: the
 * address check holds for the name, not for the exact address the proxy connects to.
 */
public final class UrlFetcher {

    private final AddressPolicy policy;
    private final AddressPolicy servicePolicy;
    private final HostResolver resolver;
    private final TrustedHosts trusted;
    private final FetchLimits limits;
    private final OutboundProxies proxies;
    private final OkHttpClient client;

    public UrlFetcher(AddressPolicy policy, HostResolver resolver, TrustedHosts trusted, FetchLimits limits) {
        this(policy, resolver, trusted, limits, OutboundProxies.direct());
    }

    public UrlFetcher(
            AddressPolicy policy,
            HostResolver resolver,
            TrustedHosts trusted,
            FetchLimits limits,
            OutboundProxies proxies) {
        this(
                policy,
                AddressPolicy.noLoopbackLinkLocalOrMetadata(),
                resolver,
                trusted,
                limits,
                proxies,
                client(limits, proxies));
    }

    private UrlFetcher(
            AddressPolicy policy,
            AddressPolicy servicePolicy,
            HostResolver resolver,
            TrustedHosts trusted,
            FetchLimits limits,
            OutboundProxies proxies,
            OkHttpClient client) {
        this.proxies = proxies;
        this.policy = policy;
        this.servicePolicy = servicePolicy;
        this.resolver = resolver;
        this.trusted = trusted;
        this.limits = limits;
        this.client = client;
    }

    /** The same fetcher (checks, timeouts, connection pool) with another size cap, for downloads with their own. */
    public UrlFetcher withMaxBytes(long maxBytes) {
        return new UrlFetcher(policy, servicePolicy, resolver, trusted, limits.withMaxBytes(maxBytes), proxies, client);
    }

    /** The same fetcher with another policy for where the operator's services may redirect (tests widen it). */
    public UrlFetcher withServicePolicy(AddressPolicy newServicePolicy) {
        return new UrlFetcher(policy, newServicePolicy, resolver, trusted, limits, proxies, client);
    }

    /** The proxies this fetcher goes through: the ones the rest of the core's clients use too. */
    public OutboundProxies proxies() {
        return proxies;
    }

    private static OkHttpClient client(FetchLimits limits, OutboundProxies proxies) {
        // Only the configured proxies: a JVM-wide proxy selector would be one nobody configured here.
        return proxies.configure(new OkHttpClient.Builder(), OutboundProxies.Target.GENERAL)
                // Redirects are followed here, hop by hop, so each hop is checked.
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(limits.connectTimeout())
                .readTimeout(limits.readTimeout())
                .callTimeout(limits.totalTimeout())
                .build();
    }

    /** The body and content type of a successful (200) download, and the URL it finally came from. */
    public record Fetched(byte[] body, @Nullable String contentType, String url) {}

    /** A URL a user supplied: checked as described above. */
    public Fetched fetchUserSupplied(String url) throws FetchException {
        return fetch(url, false, Map.of());
    }

    /**
     * A URL the operator's own services returned (e.g. an image link from the gateway or the
     * Midjourney proxy): its own origin unchecked, redirects elsewhere checked against the service
     * policy, the same caps.
     */
    public Fetched fetchFromTrustedSource(String url) throws FetchException {
        return fetch(url, true, Map.of());
    }

    /**
     * Like {@link #fetchFromTrustedSource(String)}, sending {@code originHeaders} (e.g. the
     * gateway's key) only while a hop stays on the first URL's origin: a redirect elsewhere never
     * receives them.
     */
    public Fetched fetchFromTrustedSource(String url, Map<String, String> originHeaders) throws FetchException {
        return fetch(url, true, originHeaders);
    }

    /** Checks a user-supplied URL without fetching it (e.g. before passing it to a tool). */
    public void check(String url) throws FetchException {
        HttpUrl parsed = parse(url);
        if (!trusted.trusts(parsed)) {
            vettedAddresses(parsed, policy);
        }
    }

    private Fetched fetch(String url, boolean trustedSource, Map<String, String> originHeaders) throws FetchException {
        HttpUrl current = parse(url);
        HttpUrl first = current;
        for (int hop = 0; hop <= limits.maxRedirects(); hop++) {
            OkHttpClient hopClient = client;
            // A trusted source vouches for its own origin only; where it redirects is checked like any host.
            boolean vouched = trustedSource && sameOrigin(first, current);
            if (!vouched && !trusted.trusts(current)) {
                List<InetAddress> vetted = vettedAddresses(current, trustedSource ? servicePolicy : policy);
                String host = current.host();
                hopClient = client.newBuilder().dns(pinned(host, vetted)).build();
            }
            Request.Builder request = new Request.Builder()
                    .url(current)
                    .header("User-Agent", "ChatBridge")
                    .get();
            if (sameOrigin(first, current)) {
                originHeaders.forEach(request::header);
            }
            try (Response response = hopClient.newCall(request.build()).execute()) {
                if (response.isRedirect()) {
                    String location = response.header("Location");
                    HttpUrl next = location == null ? null : current.resolve(location);
                    if (next == null) {
                        throw new FetchException.Failed(current.host() + " redirected without a usable Location");
                    }
                    current = parse(next.toString());
                    continue;
                }
                if (response.code() != 200) {
                    throw new FetchException.Failed(current.host() + " answered HTTP " + response.code());
                }
                return new Fetched(readCapped(response.body()), response.header("Content-Type"), current.toString());
            } catch (InterruptedIOException e) {
                throw new FetchException.Failed(current.host() + " did not answer in time");
            } catch (IOException e) {
                throw new FetchException.Failed("cannot download from " + current.host() + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        throw new FetchException.Failed("more than " + limits.maxRedirects() + " redirects");
    }

    private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
    }

    private static HttpUrl parse(String url) throws FetchException {
        HttpUrl parsed = HttpUrl.parse(url.strip());
        if (parsed == null) {
            throw new FetchException.Refused("only http and https links can be fetched");
        }
        if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
            throw new FetchException.Refused("links with a user name or password are not fetched");
        }
        return parsed;
    }

    private List<InetAddress> vettedAddresses(HttpUrl url, AddressPolicy policy) throws FetchException {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(url.host());
        } catch (UnknownHostException e) {
            throw new FetchException.Failed("the host " + url.host() + " does not exist");
        }
        if (addresses.isEmpty()) {
            throw new FetchException.Failed("the host " + url.host() + " has no address");
        }
        for (InetAddress address : addresses) {
            if (!policy.permits(address)) {
                throw new FetchException.Refused("the link points at a private or reserved address (" + url.host()
                        + " → " + address.getHostAddress() + ")");
            }
        }
        return List.copyOf(addresses);
    }

    /** Connects to the checked addresses only: OkHttp asks this instead of DNS. */
    private Dns pinned(String host, List<InetAddress> addresses) {
        return hostname -> {
            if (!hostname.equals(host) && proxies.isProxyHost(hostname)) {
                return Dns.SYSTEM.lookup(hostname); // the operator's proxy, not a link's target
            }
            if (!hostname.equals(host)) {
                throw new UnknownHostException("not vetted: " + hostname);
            }
            return addresses;
        };
    }

    private byte[] readCapped(@Nullable ResponseBody body) throws IOException, FetchException {
        if (body == null) {
            return new byte[0];
        }
        if (body.contentLength() > limits.maxBytes()) {
            throw new FetchException.TooLarge("the file is larger than " + limits.maxBytes() + " bytes");
        }
        BufferedSource source = body.source();
        Buffer collected = new Buffer();
        while (collected.size() <= limits.maxBytes()) {
            if (source.read(collected, 8192) == -1) {
                return collected.readByteArray();
            }
        }
        throw new FetchException.TooLarge("the file is larger than " + limits.maxBytes() + " bytes");
    }
}
