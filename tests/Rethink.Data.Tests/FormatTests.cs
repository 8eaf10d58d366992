using System.Text.Json;

namespace Rethink.Data.Tests;

public sealed class FormatTests
{
    public static TheoryData<string> Shapes() =>
        ["openai-chat", "openai-dpo", "trl-language-modeling", "trl-prompt-completion", "trl-preference", "trl-unpaired-preference"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fixture_schemas_accept_the_documented_examples_and_reject_wrong_shapes(string shape)
    {
        using var examples = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "format-examples.json")));
        var schema = SchemaCheck.Fixture(shape);
        var entry = examples.RootElement.GetProperty(shape);

        foreach (var valid in entry.GetProperty("valid").EnumerateArray())
        {
            SchemaCheck.AssertValid(schema, valid.GetRawText());
        }

        foreach (var invalid in entry.GetProperty("invalid").EnumerateArray())
        {
            Assert.NotEmpty(SchemaCheck.Errors(schema, invalid.GetRawText()));
        }
    }

    public static TheoryData<string, string, string> Mapping() => new()
    {
        { ExportKind.Sft, ExportFormat.OpenAi, "openai-chat" },
        { ExportKind.Correction, ExportFormat.OpenAi, "openai-chat" },
        { ExportKind.Preference, ExportFormat.OpenAi, "openai-dpo" },
        { ExportKind.Critique, ExportFormat.OpenAi, "openai-chat" },
        { ExportKind.Judgement, ExportFormat.OpenAi, "openai-chat" },
        { ExportKind.Sft, ExportFormat.Trl, "trl-language-modeling" },
        { ExportKind.Correction, ExportFormat.Trl, "trl-prompt-completion" },
        { ExportKind.Preference, ExportFormat.Trl, "trl-preference" },
        { ExportKind.Critique, ExportFormat.Trl, "trl-unpaired-preference" },
        { ExportKind.Judgement, ExportFormat.Trl, "trl-unpaired-preference" },
    };

    [Theory]
    [MemberData(nameof(Mapping))]
    public async Task Every_openai_and_trl_line_has_the_documented_shape(string kind, string format, string shape)
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);
        var pipeline = StandardExports.For(kit, kind, onlyAgreeing: format == ExportFormat.OpenAi, requireGold: true);

        var lines = DataTestKit.Lines(await DataTestKit.WriteAsync(pipeline, format));

        Assert.NotEmpty(lines);
        Assert.Equal((await pipeline.BuildAsync()).Records.Count, lines.Length);
        foreach (var line in lines)
        {
            SchemaCheck.AssertValid(SchemaCheck.Fixture(shape), line);
        }
    }

    [Fact]
    public async Task Openai_correction_trains_only_the_corrected_answer_and_trl_keeps_it_as_the_completion()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);
        var pipeline = StandardExports.For(kit, ExportKind.Correction);

        var openai = await DataTestKit.WriteAsync(pipeline, ExportFormat.OpenAi);
        var trl = await DataTestKit.WriteAsync(pipeline, ExportFormat.Trl);

        Golden.Match("openai-correction.jsonl", openai);
        Golden.Match("trl-correction.jsonl", trl);
        Assert.StartsWith(
            """{"messages":[{"role":"system","content":"Answer with the number only."},{"role":"user","content":"What is 6 * 7?"},{"role":"assistant","content":"41","weight":0},""",
            DataTestKit.Lines(openai)[0],
            StringComparison.Ordinal);
        Assert.EndsWith("""{"role":"assistant","content":"42","weight":1}]}""", DataTestKit.Lines(openai)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preference_and_critique_goldens_in_openai_and_trl()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);

        Golden.Match("openai-preference.jsonl", await DataTestKit.WriteAsync(StandardExports.For(kit, ExportKind.Preference), ExportFormat.OpenAi));
        Golden.Match("trl-preference.jsonl", await DataTestKit.WriteAsync(StandardExports.For(kit, ExportKind.Preference), ExportFormat.Trl));
        Golden.Match("trl-critique.jsonl", await DataTestKit.WriteAsync(StandardExports.For(kit, ExportKind.Critique), ExportFormat.Trl));
        Golden.Match("trl-sft.jsonl", await DataTestKit.WriteAsync(StandardExports.For(kit, ExportKind.Sft), ExportFormat.Trl));
    }

    [Fact]
    public async Task Openai_refuses_labelled_critiques_and_trl_refuses_judgements_without_gold_before_writing()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);
        using var output = new MemoryStream();

        var openai = await Assert.ThrowsAsync<NotSupportedException>(() => StandardExports.For(kit, ExportKind.Critique).WriteAsync(output, ExportFormat.OpenAi));
        var openaiJudge = await Assert.ThrowsAsync<NotSupportedException>(() => StandardExports.For(kit, ExportKind.Judgement).WriteAsync(output, ExportFormat.OpenAi));
        var trl = await Assert.ThrowsAsync<NotSupportedException>(() => StandardExports.For(kit, ExportKind.Judgement).WriteAsync(output, ExportFormat.Trl));

        Assert.Contains("CritiqueOptions.OnlyAgreeing", openai.Message, StringComparison.Ordinal);
        Assert.Contains("JudgementOptions.OnlyAgreeing", openaiJudge.Message, StringComparison.Ordinal);
        Assert.Contains("JudgementOptions.RequireGold", trl.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task One_kind_per_file_except_our_jsonl()
    {
        await using var kit = await DataTestKit.CreateAsync();
        await StandardExports.AddAllAsync(kit);
        var mixed = (await StandardExports.For(kit, ExportKind.Sft).BuildAsync()).Records
            .Concat((await StandardExports.For(kit, ExportKind.Preference).BuildAsync()).Records)
            .ToList();

        foreach (var format in new[] { ExportFormat.OpenAi, ExportFormat.Trl, ExportFormat.Parquet })
        {
            using var output = new MemoryStream();
            var e = await Assert.ThrowsAsync<NotSupportedException>(() => ExportFormat.Writer(format).WriteAsync(mixed, output));
            Assert.Contains("one kind per file", e.Message, StringComparison.Ordinal);
        }

        using var jsonl = new MemoryStream();
        await new JsonlRecordWriter().WriteAsync(mixed, jsonl);
        jsonl.Position = 0;
        Assert.Equal(mixed, await TrainingRecordReader.ReadAllAsync(jsonl));
        Assert.Throws<ArgumentException>(() => ExportFormat.Writer("csv"));
    }
}
