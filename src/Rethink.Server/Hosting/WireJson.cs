using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rethink.Server.Hosting;

/// <summary>
/// How response JSON is written. The relaxed encoder leaves <c>+</c>, <c>&lt;</c> and non-ASCII text as is (the default
/// escapes them for HTML embedding, which an API response never is), so model names like <c>lab+reask</c> and answers
/// read the same on the wire as in the model's output. Quotes, backslashes and control characters are still escaped.
/// </summary>
internal static class WireJson
{
    public static JsonWriterOptions Writer { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
