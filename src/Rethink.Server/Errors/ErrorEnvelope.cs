using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rethink.Server.Hosting;

namespace Rethink.Server.Errors;

/// <summary>Writes OpenAI's error envelope, as a whole response or as one server-sent event of a stream already started.</summary>
internal static class ErrorEnvelope
{
    public static byte[] Serialize(ApiException error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WireJson.Writer))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", error.Message);
            json.WriteString("type", error.Type);
            WriteNullable(json, "param", error.Param);
            WriteNullable(json, "code", error.Code);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static async Task WriteAsync(HttpResponse response, ApiException error, CancellationToken cancellationToken)
    {
        if (response.HasStarted)
        {
            return;
        }

        response.Clear();
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        if (error.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (error.CloseConnection)
        {
            response.Headers.Connection = "close";
        }

        var body = Serialize(error);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
