using Rethink.Evaluation.Datasets;

namespace Rethink.Evaluation.Tests.Datasets;

public sealed class ResponsesReaderTests : IDisposable
{
    private static readonly HashSet<string> Ids = ["p1", "p2", "7"];
    private readonly TempJsonl _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Reads_single_responses_and_turns()
    {
        var path = _files.Write(
            "r.jsonl",
            """{"id": "p1", "response": "#### 4"}""",
            """{"id": "p2", "sample": 1, "source": "reask", "turns": ["#### 3", "#### 4"]}""",
            """{"id": 7, "strategy": "direct", "response": ""}""");

        var records = new ResponsesReader().Load(path, Ids).Items;

        Assert.Equal(("p1", 0, (string?)null, 1), (records[0].ProblemId, records[0].Sample, records[0].Source, records[0].Line));
        Assert.Equal(["#### 4"], records[0].Turns);
        Assert.Equal(("p2", 1, "reask", 2), (records[1].ProblemId, records[1].Sample, records[1].Source, records[1].Line));
        Assert.Equal(["#### 3", "#### 4"], records[1].Turns);
        Assert.Equal(("7", "direct"), (records[2].ProblemId, records[2].Source));
        Assert.Equal([""], records[2].Turns);
    }

    [Theory]
    [InlineData("""{"response": "x"}""", "id", "the field is missing")]
    [InlineData("""{"id": "nope", "response": "x"}""", "id", "no problem with id 'nope' in the dataset")]
    [InlineData("""{"id": "p1", "sample": -1, "response": "x"}""", "sample", "expected a non-negative integer, found -1")]
    [InlineData("""{"id": "p1", "sample": "0", "response": "x"}""", "sample", "expected a non-negative integer")]
    [InlineData("""{"id": "p1", "sample": 1.5, "response": "x"}""", "sample", "expected a non-negative integer")]
    [InlineData("""{"id": "p1"}""", "response", "the field is missing (give \"response\" or \"turns\")")]
    [InlineData("""{"id": "p1", "response": 3}""", "response", "expected a string, found a number")]
    [InlineData("""{"id": "p1", "response": "x", "turns": ["y"]}""", "turns", "not both")]
    [InlineData("""{"id": "p1", "turns": []}""", "turns", "the array is empty")]
    [InlineData("""{"id": "p1", "turns": ["a", null]}""", "turns", "element 1 is null, expected a string")]
    [InlineData("""{"id": "p1", "turns": "a"}""", "turns", "expected an array of strings")]
    [InlineData("""{"id": "p1", "source": "a", "strategy": "b", "response": "x"}""", "strategy", "must agree")]
    [InlineData("""{"id": "p1", "source": 1, "response": "x"}""", "source", "expected a string")]
    [InlineData("""{"id": "p2", "response": "again"}""", "id", "duplicate response for id 'p2', sample 0 (first on line 1)")]
    [InlineData("""{"id": "p1", "sample": 10000, "response": "x"}""", "sample", "sample 10000 is past the limit of 10000 samples per problem")]
    public void Errors_name_file_line_and_field(string line, string field, string message)
    {
        var path = _files.Write("r.jsonl", """{"id": "p2", "response": "first"}""", line);

        var result = new ResponsesReader(new DatasetReadOptions { ErrorPolicy = DatasetErrorPolicy.Skip }).Load(path, Ids);

        var error = Assert.Single(result.Errors);
        Assert.Equal((path, 2, field), (error.File, error.Line, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Single(result.Items);
    }

    [Fact]
    public void Same_id_with_another_sample_or_source_is_not_a_duplicate()
    {
        var path = _files.Write(
            "r.jsonl",
            """{"id": "p1", "response": "a"}""",
            """{"id": "p1", "sample": 1, "response": "b"}""",
            """{"id": "p1", "source": "other", "response": "c"}""");

        Assert.Equal(3, new ResponsesReader().Load(path, Ids).Items.Count);
    }

    [Fact]
    public void Without_known_ids_any_id_is_accepted()
    {
        var path = _files.Write("r.jsonl", """{"id": "anything", "response": "a"}""");

        Assert.Equal("anything", Assert.Single(new ResponsesReader().Load(path).Items).ProblemId);
    }

    [Fact]
    public void Turns_over_the_limit_are_rejected_naming_the_field()
    {
        var path = _files.Write("r.jsonl", """{"id": "p1", "turns": ["a", "b"]}""", """{"id": "p2", "turns": ["a", "b", "c"]}""");
        var reader = new ResponsesReader(new DatasetReadOptions { ErrorPolicy = DatasetErrorPolicy.Skip, MaxTurnsPerLine = 2 });

        var result = reader.Load(path, Ids);

        Assert.Equal(["a", "b"], Assert.Single(result.Items).Turns);
        Assert.Equal(new DatasetError(path, 2, "turns", "3 turns, more than the limit of 2 per line"), Assert.Single(result.Errors));
    }

    [Fact]
    public void A_line_of_millions_of_turns_costs_a_small_multiple_of_its_size()
    {
        // 2.7 million two-letter turns: 13.5 MB on one line, under the 16 MiB line limit.
        const int turns = 2_700_000;
        var line = new System.Text.StringBuilder("{\"id\": \"p1\", \"turns\": [", (turns * 5) + 32);
        for (var i = 0; i < turns; i++)
        {
            line.Append(i == 0 ? "\"ab\"" : ",\"ab\"");
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(line.Append("]}\n").ToString());
        using var stream = new MemoryStream(bytes, writable: false);
        var reader = new ResponsesReader(new DatasetReadOptions { ErrorPolicy = DatasetErrorPolicy.Skip });

        var before = GC.GetAllocatedBytesForCurrentThread();
        var entries = reader.ReadEntries(stream, "big.jsonl", Ids).ToList();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var error = Assert.Single(entries).Error!;
        Assert.Equal(new DatasetError("big.jsonl", 1, "turns", "2700000 turns, more than the limit of 1000 per line"), error);

        // Everything allocated, not just what was live at once: the line buffer (grown by doubling) and the parsed
        // document's index (12 bytes per token). Copying the turns out cost more than 20 times the line.
        Assert.True(allocated < 10L * bytes.Length, $"reading a {bytes.Length:N0}-byte line allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Stop_policy_throws_with_the_error()
    {
        var path = _files.Write("r.jsonl", """{"id": "p1", "response": "a"}""", """{"id": "zzz", "response": "a"}""");

        var e = Assert.Throws<DatasetException>(() => new ResponsesReader().Load(path, Ids));

        Assert.Equal(new DatasetError(path, 2, "id", "no problem with id 'zzz' in the dataset"), e.Error);
    }

    [Fact]
    public void A_mapped_field_reads_nested_answers_and_names_the_field_in_errors()
    {
        var path = _files.Write(
            "columns.jsonl",
            """{"qid": "p1", "out": {"text": "#### 4"}}""",
            """{"qid": "p2", "sample": 2, "out": {"text": ["#### 3", "#### 4"]}}""");
        var reader = new ResponsesReader(mapping: new ResponseFieldMapping("out.text") { IdField = "qid", Source = "model-a" });

        var records = reader.Load(path, Ids).Items;

        Assert.Equal(("p1", 0, "model-a"), (records[0].ProblemId, records[0].Sample, records[0].Source));
        Assert.Equal(["#### 4"], records[0].Turns);
        Assert.Equal(("p2", 2), (records[1].ProblemId, records[1].Sample));
        Assert.Equal(["#### 3", "#### 4"], records[1].Turns);

        var bad = _files.Write("bad.jsonl", """{"qid": "p1", "out": {"text": 5}}""");
        var error = Assert.Throws<DatasetException>(() => reader.Load(bad, Ids)).Error;
        Assert.Equal(("out.text", 1), (error.Field, error.Line));
        Assert.Contains("expected a string or a non-empty array of strings", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ResponsesReader(mapping: new ResponseFieldMapping("out..text")));
    }
}
