using System.Xml.Linq;

namespace Rethink.Repository.Tests;

/// <summary>
/// docs/architecture.md states the dependency arrows as data, one line per src/ project in a fenced
/// <c>dependencies</c> block (<c>Rethink.X -&gt; Rethink.Core, Rethink.Y</c>); the project files are the truth it is held to.
/// </summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void The_dependency_arrows_in_docs_architecture_md_are_the_project_references()
    {
        var documented = DocumentedDependencies();
        var actual = ProjectReferences();
        Assert.Equal(actual.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (project, references) in actual)
        {
            Assert.True(
                references.SetEquals(documented[project]),
                $"{project}: the project file references [{string.Join(", ", references.Order(StringComparer.Ordinal))}], docs/architecture.md says [{string.Join(", ", documented[project].Order(StringComparer.Ordinal))}]");
        }
    }

    [Fact]
    public void Core_and_Engine_depend_on_no_project_and_only_Cli_composes_everything()
    {
        var actual = ProjectReferences();
        Assert.Empty(actual["Rethink.Core"]);
        Assert.Empty(actual["Rethink.Engine"]);
        foreach (var (project, references) in actual.Where(kv => kv.Key != "Rethink.Cli"))
        {
            Assert.DoesNotContain("Rethink.Cli", references);
            Assert.True(!references.Contains(project), project);
        }
    }

    private static Dictionary<string, HashSet<string>> DocumentedDependencies()
    {
        var lines = File.ReadAllLines(RepositoryFiles.FullPath("docs/architecture.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == "```dependencies");
        Assert.True(start >= 0, "docs/architecture.md has no ```dependencies block");
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (var i = start + 1; i < lines.Length && lines[i].Trim() != "```"; i++)
        {
            var parts = lines[i].Split("->", 2);
            Assert.True(parts.Length == 2, $"docs/architecture.md line {i + 1}: expected 'Project -> A, B', got '{lines[i]}'");
            var references = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(result.TryAdd(parts[0].Trim(), new HashSet<string>(references, StringComparer.Ordinal)), $"{parts[0].Trim()} is listed twice");
        }

        return result;
    }

    private static Dictionary<string, HashSet<string>> ProjectReferences()
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var csproj in RepositoryFiles.All.Where(f => f.StartsWith("src/", StringComparison.Ordinal) && f.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            var references = XDocument.Load(RepositoryFiles.FullPath(csproj)).Descendants("ProjectReference")
                .Select(e => Path.GetFileNameWithoutExtension(((string?)e.Attribute("Include") ?? string.Empty).Replace('\\', '/')))
                .ToHashSet(StringComparer.Ordinal);
            result.Add(Path.GetFileNameWithoutExtension(csproj), references);
        }

        Assert.NotEmpty(result);
        return result;
    }
}
