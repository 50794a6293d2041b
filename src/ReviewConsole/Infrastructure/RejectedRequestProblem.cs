using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace ReviewConsole.Infrastructure;

/// <summary>
/// Kestrel refuses some requests before the application sees them (a <c>%00</c> in the path, a malformed request
/// line or header) and answers with an empty 400 that no middleware can shape. This connection filter recognises
/// that answer - a 400 with no body that closes the connection, which the application itself never sends - and
/// gives it the problem+json body every other error has.
/// </summary>
public static class RejectedRequestProblem
{
    public static WebApplicationBuilder AddRejectedRequestProblems(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
        {
            var transport = connection.Transport;
            connection.Transport = new Duplex(transport.Input, new Rewriter(transport.Output));
            return next(connection);
        })));
        return builder;
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }

    private static readonly byte[] Rejection = "HTTP/1.1 400 Bad Request\r\n"u8.ToArray();
    private static readonly byte[] EmptyBody = "\r\nContent-Length: 0\r\n"u8.ToArray();
    private static readonly byte[] Closes = "\r\nConnection: close\r\n"u8.ToArray();

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new
    {
        type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        title = "Bad Request",
        status = 400,
        detail = "The server could not read the request: its request line or headers are malformed, or hold characters HTTP does not allow (such as %00 in the path).",
    }));

    /// <summary>The refusal's head with the problem's content type and length, then the problem.</summary>
    internal static byte[] Rewrite(ReadOnlySpan<byte> head)
    {
        var text = Encoding.ASCII.GetString(head).Replace("\r\nContent-Length: 0\r\n",
            $"\r\nContent-Type: application/problem+json\r\nContent-Length: {Body.Length}\r\n", StringComparison.Ordinal);
        return [.. Encoding.ASCII.GetBytes(text), .. Body];
    }

    internal static bool IsRejection(ReadOnlySpan<byte> written) =>
        written.StartsWith(Rejection) && written.IndexOf(EmptyBody) >= 0 && written.IndexOf(Closes) >= 0 && written.EndsWith("\r\n\r\n"u8);

    /// <summary>Passes every write through, except Kestrel's own empty refusal, which it completes.</summary>
    private sealed class Rewriter(PipeWriter inner) : PipeWriter
    {
        private Memory<byte> _lent;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _lent = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => (_lent = inner.GetMemory(sizeHint)).Span;

        public override void Advance(int bytes)
        {
            if (bytes >= Rejection.Length && bytes <= _lent.Length && IsRejection(_lent.Span[..bytes]))
            {
                // Nothing was advanced yet: the rewritten answer overwrites the refusal in place.
                inner.Write(Rewrite(_lent.Span[..bytes]));
                return;
            }
            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
