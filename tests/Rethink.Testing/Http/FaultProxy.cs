using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Rethink.Testing.Http;

/// <summary>
/// An HTTP/1.1 proxy on 127.0.0.1, written on raw sockets so it can fail the way networks do: per request it either
/// forwards to the upstream (the whole response, with keep-alive) or does what <see cref="FaultPlan"/> says (429, 500,
/// 503, a reset after reading the request, a stalled body, a body cut short). Requests belong to a logical call by
/// their <c>Idempotency-Key</c> (by their body when they carry none); <see cref="Log"/> keeps every request with its
/// attempt number and fault, so a test can count requests per call. Thread-safe; each connection runs on its own task.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private readonly TcpListener _listener;
    private readonly Uri _upstream;
    private readonly FaultPlan _plan;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(5) };
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ProxiedRequest> _log = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly Task _accepting;
    private int _count;

    private FaultProxy(Uri upstream, FaultPlan plan)
    {
        _upstream = upstream;
        _plan = plan;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}{upstream.AbsolutePath.TrimEnd('/')}"));
        _accepting = AcceptAsync();
    }

    /// <summary>The upstream's base URL with the proxy's authority: <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every request read so far, in arrival order.</summary>
    public IReadOnlyList<ProxiedRequest> Log => _log.ToList();

    /// <param name="upstream">The base URL requests are forwarded under (its path is kept: <c>/v1/...</c>).</param>
    /// <param name="plan">Which requests fail, and how.</param>
    public static FaultProxy Start(Uri upstream, FaultPlan plan) => new(upstream, plan);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var socket in _open.Keys)
        {
            socket.Dispose();
        }

        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _open[socket] = 0;
            _ = Task.Run(() => ServeConnectionAsync(socket));
        }
    }

    private async Task ServeConnectionAsync(Socket socket)
    {
        try
        {
            var reader = new RequestReader(socket);
            while (await reader.ReadAsync(_stop.Token) is { } request)
            {
                if (!await ServeRequestAsync(socket, request))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client hung up, or the proxy is stopping.
        }
        finally
        {
            _open.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    // True when the connection may carry the next request.
    private async Task<bool> ServeRequestAsync(Socket socket, RawRequest request)
    {
        var body = Encoding.UTF8.GetString(request.Body);
        var key = request.Header("Idempotency-Key");
        var callKey = key ?? "body:" + Convert.ToHexString(SHA256.HashData(request.Body));
        var attempt = _attempts.AddOrUpdate(callKey, 1, (_, n) => n + 1);
        var fault = _plan.Decide(body, attempt);
        _log.Enqueue(new ProxiedRequest(Interlocked.Increment(ref _count), callKey, key is not null, attempt, body, fault));
        switch (fault)
        {
            case null:
                await ForwardAsync(socket, request);
                return true;
            case FaultKind.TooManyRequests:
                await SendAsync(socket, Response(429, "Too Many Requests", "rate_limit_exceeded", "Retry-After: 1\r\n"));
                return true;
            case FaultKind.InternalServerError:
                await SendAsync(socket, Response(500, "Internal Server Error", "server_error", ""));
                return true;
            case FaultKind.ServiceUnavailable:
                await SendAsync(socket, Response(503, "Service Unavailable", "overloaded", "Retry-After: 0\r\n"));
                return true;
            case FaultKind.Reset:
                // Linger on with a zero timeout: close sends RST instead of FIN, the way a crashed server or a middlebox does.
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
                return false;
            case FaultKind.Stall:
                await SendAsync(socket, PartialBody());
                await WaitForHangUpAsync(socket);
                return false;
            case FaultKind.Truncate:
                await SendAsync(socket, PartialBody());
                socket.Shutdown(SocketShutdown.Send);
                return false;
            default:
                throw new InvalidOperationException("unknown fault " + fault);
        }
    }

    private async Task ForwardAsync(Socket socket, RawRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, request.Target));
        message.Content = new ByteArrayContent(request.Body);
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("Accept", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _http.SendAsync(message, _stop.Token);
        var content = await response.Content.ReadAsByteArrayAsync(_stop.Token);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {response.Content.Headers.ContentType?.ToString() ?? "application/json"}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {content.Length}\r\n");
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            head.Append(CultureInfo.InvariantCulture, $"Retry-After: {retryAfter}\r\n");
        }

        await SendAsync(socket, [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. content]);
    }

    private static byte[] Response(int status, string reason, string code, string extraHeaders)
    {
        var body = $"{{\"error\":{{\"message\":\"injected fault {status}\",\"type\":\"server_error\",\"code\":\"{code}\"}}}}";
        return Encoding.ASCII.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n{extraHeaders}\r\n{body}"));
    }

    // A declared length the body never reaches.
    private static byte[] PartialBody() =>
        Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{\"id\":\"chatcmpl-partial\",\"object\":\"chat.completion\",\"choices\":[");

    private async Task SendAsync(Socket socket, byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, _stop.Token);
        }
    }

    // Silence until the client closes its side (its idle timeout fired) or the proxy stops, at most a minute.
    private async Task WaitForHangUpAsync(Socket socket)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        limit.CancelAfter(TimeSpan.FromMinutes(1));
        var scratch = new byte[1024];
        while (await socket.ReceiveAsync(scratch, SocketFlags.None, limit.Token) > 0)
        {
        }
    }

    private sealed record RawRequest(string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
    {
        public string? Header(string name) =>
            Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
    }

    /// <summary>Reads HTTP/1.1 requests (Content-Length or chunked bodies) off one connection, keeping what is left over.</summary>
    private sealed class RequestReader(Socket socket)
    {
        private readonly List<byte> _buffer = [];
        private readonly byte[] _scratch = new byte[16 * 1024];

        // Null when the client closed the connection between requests.
        public async Task<RawRequest?> ReadAsync(CancellationToken cancellationToken)
        {
            int end;
            while ((end = IndexOf(_buffer, HeaderEnd)) < 0)
            {
                if (!await FillAsync(cancellationToken))
                {
                    return null;
                }
            }

            var lines = Encoding.ASCII.GetString(_buffer.GetRange(0, end).ToArray()).Split("\r\n");
            _buffer.RemoveRange(0, end + HeaderEnd.Length);
            var start = lines[0].Split(' ');
            var headers = lines.Skip(1)
                .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
                .ToList();
            var request = new RawRequest(start[0], start[1], headers, []);
            if (request.Header("Content-Length") is { } length)
            {
                return request with { Body = await TakeAsync(int.Parse(length, CultureInfo.InvariantCulture), cancellationToken) };
            }

            if (request.Header("Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                var body = new List<byte>();
                while (true)
                {
                    var size = Convert.ToInt32(Encoding.ASCII.GetString(await TakeLineAsync(cancellationToken)).Split(';')[0].Trim(), 16);
                    body.AddRange(await TakeAsync(size, cancellationToken));
                    await TakeLineAsync(cancellationToken);
                    if (size == 0)
                    {
                        return request with { Body = [.. body] };
                    }
                }
            }

            return request;
        }

        private async Task<byte[]> TakeAsync(int count, CancellationToken cancellationToken)
        {
            while (_buffer.Count < count)
            {
                if (!await FillAsync(cancellationToken))
                {
                    throw new IOException("the client closed the connection in the middle of a request");
                }
            }

            var bytes = _buffer.GetRange(0, count).ToArray();
            _buffer.RemoveRange(0, count);
            return bytes;
        }

        private async Task<byte[]> TakeLineAsync(CancellationToken cancellationToken)
        {
            int end;
            while ((end = IndexOf(_buffer, "\r\n"u8.ToArray())) < 0)
            {
                if (!await FillAsync(cancellationToken))
                {
                    throw new IOException("the client closed the connection in the middle of a request");
                }
            }

            var line = _buffer.GetRange(0, end).ToArray();
            _buffer.RemoveRange(0, end + 2);
            return line;
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            var read = await socket.ReceiveAsync(_scratch, SocketFlags.None, cancellationToken);
            _buffer.AddRange(_scratch.AsSpan(0, read));
            return read > 0;
        }

        private static int IndexOf(List<byte> haystack, byte[] needle)
        {
            for (var i = 0; i + needle.Length <= haystack.Count; i++)
            {
                var match = true;
                for (var j = 0; j < needle.Length && match; j++)
                {
                    match = haystack[i + j] == needle[j];
                }

                if (match)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
