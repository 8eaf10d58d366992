namespace Rethink.Server.Errors;

/// <summary>The <c>error.type</c> values the server sends (OpenAI's names where OpenAI has one).</summary>
internal static class ErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string RateLimit = "rate_limit_error";
    public const string Server = "server_error";
}
