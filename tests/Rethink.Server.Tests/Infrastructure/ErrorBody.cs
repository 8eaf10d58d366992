using System.Text.Json;

namespace Rethink.Server.Tests.Infrastructure;

/// <summary>OpenAI's error envelope as read back from a response.</summary>
public sealed record ErrorBody(int Status, string Message, string Type, string? Param, string? Code, string Raw)
{
    public static async Task<ErrorBody> ReadAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(raw);
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        return new ErrorBody(
            (int)response.StatusCode,
            error.GetProperty("message").GetString()!,
            error.GetProperty("type").GetString()!,
            error.GetProperty("param").ValueKind == JsonValueKind.Null ? null : error.GetProperty("param").GetString(),
            error.GetProperty("code").ValueKind == JsonValueKind.Null ? null : error.GetProperty("code").GetString(),
            raw);
    }
}
