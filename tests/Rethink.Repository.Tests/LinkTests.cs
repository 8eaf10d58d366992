using System.Text.RegularExpressions;

namespace Rethink.Repository.Tests;

/// <summary>Every relative link in the repository's Markdown files points at a file or folder that exists.</summary>
public sealed partial class LinkTests
{
    [Fact]
    public void Relative_markdown_links_resolve()
    {
        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var file in RepositoryFiles.All.Where(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)))
        {
            var text = File.ReadAllText(RepositoryFiles.FullPath(file));
            foreach (Match m in Link().Matches(text))
            {
                var target = m.Groups["target"].Value;
                if (target.StartsWith('#') || Scheme().IsMatch(target))
                {
                    continue;
                }

                checkedLinks++;
                var path = target.Split('#')[0];
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(RepositoryFiles.FullPath(file))!, path));
                if (!File.Exists(full) && !Directory.Exists(full))
                {
                    broken.Add($"{file}: {target}");
                }
                else if (!full.StartsWith(RepositoryFiles.Root, StringComparison.Ordinal))
                {
                    broken.Add($"{file}: {target} (outside the repository)");
                }
            }
        }

        Assert.True(checkedLinks > 20, $"only {checkedLinks} links checked");
        Assert.True(broken.Count == 0, $"{broken.Count} broken link(s):\n" + string.Join('\n', broken));
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();
}
