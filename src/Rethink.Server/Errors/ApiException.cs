namespace Rethink.Server.Errors;

/// <summary>
/// A failure answered with OpenAI's error envelope: <c>{"error":{"message","type","param","code"}}</c> and
/// <see cref="Status"/>. Messages are written for the caller: they never carry exception text from upstream, paths or keys.
/// </summary>
internal sealed class ApiException : Exception
{
    public ApiException(int status, string type, string message, string? param = null, string? code = null)
        : base(message)
    {
        Status = status;
        Type = type;
        Param = param;
        Code = code;
    }

    public ApiException()
        : this(500, ErrorTypes.Server, "The server failed.")
    {
    }

    public ApiException(string message)
        : this(500, ErrorTypes.Server, message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        Type = ErrorTypes.Server;
    }

    public int Status { get; }

    public string Type { get; }

    public string? Param { get; }

    public string? Code { get; }

    /// <summary>True: answer with <c>Connection: close</c> (the request was not read to its end, so the connection cannot be reused).</summary>
    public bool CloseConnection { get; init; }

    /// <summary>Seconds for a Retry-After header, or null.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiException Invalid(string message, string? param = null, string? code = null) =>
        new(400, ErrorTypes.InvalidRequest, message, param, code);
}
