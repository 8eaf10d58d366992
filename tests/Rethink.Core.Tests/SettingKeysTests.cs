namespace Rethink.Core.Tests;

public sealed class SettingKeysTests
{
    [Theory]
    [InlineData("max_rounds", "max_rounds")]
    [InlineData("max-rounds", "max_rounds")]
    [InlineData(" Max-Rounds ", "max_rounds")]
    [InlineData("SYSTEM_PROMPT", "system_prompt")]
    [InlineData("", "")]
    public void Kebab_case_and_other_cases_are_read_as_the_catalog_snake_case(string key, string expected) =>
        Assert.Equal(expected, SettingKeys.Normalize(key));

    [Fact]
    public void Null_is_refused() => Assert.Throws<ArgumentNullException>(() => SettingKeys.Normalize(null!));
}
