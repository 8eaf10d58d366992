namespace Rethink.Core;

/// <summary>The role names used in <see cref="Message.Role"/>.</summary>
public static class MessageRoles
{
    /// <summary>System instructions.</summary>
    public const string System = "system";

    /// <summary>The user (or the strategy speaking as the user).</summary>
    public const string User = "user";

    /// <summary>The model.</summary>
    public const string Assistant = "assistant";
}
