using System.Globalization;

namespace Rethink.Lab.Tasks;

/// <summary>Deterministic random streams and ids for the task families.</summary>
public static class LabRandom
{
    /// <summary>
    /// A generator for one problem: a function of family, seed, index and difficulty only, so a problem can be regenerated
    /// without generating the ones before it. (System.Random with an explicit seed is a fixed algorithm across runs.)
    /// </summary>
    public static Random For(string family, int seed, int index, int difficulty)
    {
        ArgumentNullException.ThrowIfNull(family);
        var h = 17L;
        foreach (var c in family)
        {
            h = unchecked((h * 31) + c);
        }

        h = unchecked((h * 1_000_003) + seed);
        h = unchecked((h * 1_000_003) + index);
        h = unchecked((h * 1_000_003) + difficulty);
        return new Random(unchecked((int)(h ^ (h >> 32))));
    }

    /// <summary>The stable id of a generated problem.</summary>
    public static string Id(string family, int seed, int index, int difficulty) =>
        string.Create(CultureInfo.InvariantCulture, $"{family}-s{seed}-d{difficulty}-{index}");

    /// <summary>Throws when <paramref name="difficulty"/> is outside 1..MaxDifficulty.</summary>
    public static void CheckDifficulty(ITaskFamily family, int difficulty)
    {
        ArgumentNullException.ThrowIfNull(family);
        if (difficulty < 1 || difficulty > family.MaxDifficulty)
        {
            throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, $"Family '{family.Name}' has difficulty levels 1..{family.MaxDifficulty}.");
        }
    }
}
