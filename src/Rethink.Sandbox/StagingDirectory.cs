using System.Text;

namespace Rethink.Sandbox;

/// <summary>
/// A fresh host directory holding one program's files (the main file and its extra files), owned by
/// the slot's uid when we are root, deleted on dispose.
/// </summary>
internal sealed class StagingDirectory : IDisposable
{
    private StagingDirectory(string path, IReadOnlyList<string> relativeFiles)
    {
        Path = path;
        RelativeFiles = relativeFiles;
    }

    public string Path { get; }

    /// <summary>Every file written, relative to <see cref="Path"/>, with '/' separators; the main file first.</summary>
    public IReadOnlyList<string> RelativeFiles { get; }

    /// <summary>Checks a program's extra file names before anything is started.</summary>
    public static void Validate(IReadOnlyDictionary<string, string>? files, LanguageRunner runner)
    {
        if (files is null)
        {
            return;
        }

        foreach (var name in files.Keys)
        {
            CheckRelative(name);
            if (string.Equals(name, runner.MainFile, StringComparison.Ordinal))
            {
                throw new ArgumentException($"extra file '{name}' would replace the program's main file {runner.MainFile}", "request");
            }
        }
    }

    public static StagingDirectory Create(string root, string source, IReadOnlyDictionary<string, string>? extraFiles, LanguageRunner runner, int? ownerUid)
    {
        var path = System.IO.Path.Join(root, "run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var files = new List<string> { runner.MainFile };
        var staging = new StagingDirectory(path, files);
        try
        {
            Write(path, runner.MainFile, source, ownerUid);
            foreach (var (name, content) in extraFiles ?? new Dictionary<string, string>())
            {
                var relative = name;
                Write(path, relative, content, ownerUid);
                files.Add(relative);
            }

            if (ownerUid is int uid)
            {
                Native.Chown(path, uid);
            }

            return staging;
        }
        catch
        {
            staging.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A program may leave directories it made unreadable (chmod 000) in an unsandboxed work directory.
            MakeDeletable(Path);
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static void MakeDeletable(string directory)
    {
        try
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                if (!new DirectoryInfo(child).Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    MakeDeletable(child);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void Write(string root, string relative, string content, int? ownerUid)
    {
        var full = System.IO.Path.Join(root, relative);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        if (!string.Equals(directory, root, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            if (ownerUid is int dirUid)
            {
                // Every level between root and the file, so the slot's uid can traverse them.
                for (var d = directory; !string.Equals(d, root, StringComparison.Ordinal); d = System.IO.Path.GetDirectoryName(d)!)
                {
                    Native.Chown(d, dirUid);
                }
            }
        }

        using (var stream = new FileStream(full, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
        }

        if (ownerUid is int uid)
        {
            Native.Chown(full, uid);
        }
    }

    private static void CheckRelative(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('\0', StringComparison.Ordinal) || name.Length > 255 ||
            name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"extra file name '{name}' must be a relative path with '/' separators", "request");
        }

        foreach (var part in name.Split('/'))
        {
            if (part is "" or "." or "..")
            {
                throw new ArgumentException($"extra file name '{name}' must not contain empty, '.' or '..' segments", "request");
            }
        }
    }
}
