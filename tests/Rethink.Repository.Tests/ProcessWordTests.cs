namespace Rethink.Repository.Tests;

/// <summary>
/// The repository speaks of the product, never of how it was made: no file (docs, READMEs, comments, help texts, recipe
/// descriptions, tests, scripts) names a numbered period of work or an issue number. JSONL data files and the pattern
/// definition itself are not scanned.
/// </summary>
public sealed class ProcessWordTests
{
    private const string PatternFile = "tests/Rethink.Repository.Tests/ProcessWords.cs";

    [Fact]
    public void The_patterns_match_process_wording_and_not_the_products_own_words()
    {
        Assert.All(ProcessWords.MustMatch, text => Assert.NotEmpty(ProcessWords.Find(text)));
        Assert.All(ProcessWords.MustNotMatch, text => Assert.Empty(ProcessWords.Find(text)));
    }

    [Fact]
    public void No_file_names_a_work_period_or_an_issue_number()
    {
        var scanned = 0;
        var hits = new List<string>();
        foreach (var file in RepositoryFiles.Text())
        {
            if (file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || string.Equals(file, PatternFile, StringComparison.Ordinal))
            {
                continue;
            }

            scanned++;
            var text = File.ReadAllText(RepositoryFiles.FullPath(file));
            hits.AddRange(ProcessWords.Find(text).Select(h => $"{file}:{h.Line}: {h.Match}"));
        }

        Assert.True(scanned > 100, $"only {scanned} files were scanned under {RepositoryFiles.Root}");
        Assert.True(hits.Count == 0, $"{hits.Count} process-word hit(s) in {scanned} files:\n" + string.Join('\n', hits.Take(200)));
    }
}
