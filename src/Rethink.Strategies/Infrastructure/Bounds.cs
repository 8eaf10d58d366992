namespace Rethink.Strategies;

/// <summary>Bound checks for options; the exception names the option and the allowed range.</summary>
internal static class Bounds
{
    public static void Check(int value, int min, int max, string optionName)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(optionName, value, $"{optionName} must be between {min} and {max}.");
        }
    }

    public static void Check(double value, double min, double max, string optionName)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(optionName, value, $"{optionName} must be between {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} and {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }
    }
}
