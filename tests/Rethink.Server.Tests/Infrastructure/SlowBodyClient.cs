using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rethink.Server.Tests.Infrastructure;

/// <summary>
/// A raw HTTP/1.1 client that sends a chat request's headers at once and then its body one byte per
/// <c>interval</c>, reading the response meanwhile; the answer is everything the server sent until it closed the
/// connection, so a server that keeps a slow client's connection open fails the caller's time limit.
/// </summary>
public static class SlowBodyClient
{
    public static async Task<SlowBodyResponse> PostAsync(int port, string json, TimeSpan interval, TimeSpan limit)
    {
        var body = Encoding.UTF8.GetBytes(json);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        var head = string.Create(
            CultureInfo.InvariantCulture,
            $"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var started = Stopwatch.GetTimestamp();
        var reading = ReadToEndAsync(stream);
        var sent = 0;
        try
        {
            while (sent < body.Length && !reading.IsCompleted)
            {
                await stream.WriteAsync(body.AsMemory(sent, 1));
                sent++;
                await Task.WhenAny(reading, Task.Delay(interval));
            }
        }
        catch (IOException)
        {
            // The server closed the connection while we were still sending.
        }

        var text = await reading.WaitAsync(limit);
        return new SlowBodyResponse(text, Stopwatch.GetElapsedTime(started), sent, body.Length);
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the response is still the end of it.
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }
}
