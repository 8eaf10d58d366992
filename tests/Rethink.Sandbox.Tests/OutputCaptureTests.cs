using System.Text;

namespace Rethink.Sandbox.Tests;

public sealed class OutputCaptureTests
{
    [Fact]
    public async Task Output_within_the_cap_is_kept_whole()
    {
        var captured = await OutputCapture.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes("héllo")), 100, CancellationToken.None);

        Assert.Equal("héllo", captured.Text);
        Assert.False(captured.Truncated);
    }

    [Fact]
    public async Task Output_exactly_at_the_cap_is_not_truncated()
    {
        var captured = await OutputCapture.ReadAsync(new MemoryStream(new byte[100]), 100, CancellationToken.None);

        Assert.Equal(100, captured.Text.Length);
        Assert.False(captured.Truncated);
    }

    [Fact]
    public async Task Output_beyond_the_cap_is_cut_and_flagged()
    {
        var captured = await OutputCapture.ReadAsync(new MemoryStream(Encoding.ASCII.GetBytes(new string('x', 300_000))), 1000, CancellationToken.None);

        Assert.Equal(new string('x', 1000), captured.Text);
        Assert.True(captured.Truncated);
    }

    [Fact]
    public async Task Invalid_utf8_decodes_to_replacement_characters()
    {
        var captured = await OutputCapture.ReadAsync(new MemoryStream([0x61, 0xff, 0xfe, 0x62]), 100, CancellationToken.None);

        Assert.Equal("a\uFFFD\uFFFDb", captured.Text);
    }
}
