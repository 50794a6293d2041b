using System.Net;
using System.Net.Sockets;

namespace ReviewConsole.Features.Webhooks;

public sealed class WebhookOptions
{
    /// <summary>Hosts (names or addresses) that callbacks may reach although they are loopback or private (Webhooks:AllowedHosts).</summary>
    public List<string> AllowedHosts { get; set; } = [];
}

/// <summary>
/// Callbacks go to the outside world only: a callbackUrl on a loopback, private, link-local or unspecified address
/// would let any ML lead make the console talk to its own database or the internal network. Checked when a
/// workflow names the URL and again on every connection (after DNS, so a name that resolves inward is refused too),
/// unless the allow-list names the host.
/// </summary>
public static class CallbackGuard
{
    public static bool IsAllowedHost(string host, WebhookOptions options) =>
        options.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the URL's host is an inward address or name written literally (localhost, 10.x, ::1, ...).</summary>
    public static bool PointsInward(Uri url) =>
        url.IsLoopback || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IsInward(address));

    public static bool IsInward(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        var b = address.GetAddressBytes();
        return b[0] is 10 or 127 or 0
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127)
            || b[0] >= 224;
    }

    /// <summary>A connection callback that resolves the host and refuses inward addresses unless the host is allowed.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(WebhookOptions options) => async (context, ct) =>
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (!IsAllowedHost(host, options) && addresses.Any(IsInward))
            throw new HttpRequestException($"Callback host '{host}' resolves to a loopback or private address; add it to Webhooks:AllowedHosts to allow it.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };
}
