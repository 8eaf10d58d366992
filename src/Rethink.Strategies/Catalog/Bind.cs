using System.Globalization;

namespace Rethink.Strategies;

/// <summary>Factories for <see cref="SettingBinding{TOptions}"/>; the default shown is read from a default-constructed options record.</summary>
internal static class Bind
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static SettingBinding<T> Int<T>(string name, string description, int min, int max, Func<T, int> get, Func<T, int, T> set)
        where T : new() =>
        new(
            new StrategySettingDescriptor(name, "int", get(new T()).ToString(Inv), description) { Minimum = min.ToString(Inv), Maximum = max.ToString(Inv) },
            o => get(o).ToString(Inv),
            (o, v) =>
            {
                if (!int.TryParse(v.Trim(), NumberStyles.Integer, Inv, out var x))
                {
                    throw Bad(name, v, $"an integer between {min} and {max}");
                }

                if (x < min || x > max)
                {
                    throw Bad(name, v, $"between {min} and {max}");
                }

                return set(o, x);
            });

    public static SettingBinding<T> Double<T>(string name, string description, double min, double max, Func<T, double> get, Func<T, double, T> set)
        where T : new() =>
        new(
            new StrategySettingDescriptor(name, "double", get(new T()).ToString(Inv), description) { Minimum = min.ToString(Inv), Maximum = max.ToString(Inv) },
            o => get(o).ToString(Inv),
            (o, v) => set(o, ParseDouble(name, v, min, max)));

    public static SettingBinding<T> OptionalDouble<T>(string name, string description, double min, double max, Func<T, double?> get, Func<T, double?, T> set)
        where T : new() =>
        new(
            new StrategySettingDescriptor(name, "double", get(new T())?.ToString(Inv) ?? string.Empty, description)
            {
                Minimum = min.ToString(Inv),
                Maximum = max.ToString(Inv),
                Optional = true,
            },
            o => get(o)?.ToString(Inv) ?? string.Empty,
            (o, v) => set(o, IsOff(v) ? null : ParseDouble(name, v, min, max)));

    public static SettingBinding<T> Bool<T>(string name, string description, Func<T, bool> get, Func<T, bool, T> set)
        where T : new() =>
        new(
            new StrategySettingDescriptor(name, "bool", Format(get(new T())), description) { AllowedValues = ["true", "false"] },
            o => Format(get(o)),
            (o, v) => v.Trim().ToLowerInvariant() switch
            {
                "true" or "yes" or "on" or "1" => set(o, true),
                "false" or "no" or "off" or "0" => set(o, false),
                _ => throw Bad(name, v, "true or false"),
            });

    public static SettingBinding<T> Enum<T, TEnum>(string name, string description, Func<T, TEnum> get, Func<T, TEnum, T> set)
        where T : new()
        where TEnum : struct, System.Enum
    {
        var names = System.Enum.GetValues<TEnum>().Select(EnumText).ToList();
        return new(
            new StrategySettingDescriptor(name, "enum", EnumText(get(new T())), description) { AllowedValues = names },
            o => EnumText(get(o)),
            (o, v) =>
            {
                var wanted = Squash(v);
                foreach (var value in System.Enum.GetValues<TEnum>())
                {
                    if (string.Equals(Squash(EnumText(value)), wanted, StringComparison.Ordinal))
                    {
                        return set(o, value);
                    }
                }

                throw Bad(name, v, "one of " + string.Join(", ", names));
            });
    }

    public static SettingBinding<T> Text<T>(string name, string description, Func<T, string> get, Func<T, string, T> set)
        where T : new() =>
        new(
            new StrategySettingDescriptor(name, "text", get(new T()), description),
            get,
            (o, v) => string.IsNullOrWhiteSpace(v) ? throw Bad(name, v, "non-empty text") : set(o, v));

    public static SettingBinding<T> OptionalText<T>(string name, string description, Func<T, string?> get, Func<T, string?, T> set)
        where T : new() =>
        new(
            new StrategySettingDescriptor(name, "text", get(new T()) ?? string.Empty, description) { Optional = true },
            o => get(o) ?? string.Empty,
            (o, v) => set(o, string.IsNullOrEmpty(v) ? null : v));

    /// <summary>Enum values as settings show them: PascalCase to kebab-case (LastOnly → last-only).</summary>
    public static string EnumText<TEnum>(TEnum value)
        where TEnum : struct, System.Enum
    {
        var s = value.ToString();
        var sb = new System.Text.StringBuilder(s.Length + 4);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsUpper(s[i]) && i > 0)
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(s[i]));
        }

        return sb.ToString();
    }

    // last-only, last_only, LastOnly and lastonly all name the same value.
    private static string Squash(string v) =>
        new(v.Trim().Where(c => c != '-' && c != '_').Select(char.ToLowerInvariant).ToArray());

    private static string Format(bool value) => value ? "true" : "false";

    private static bool IsOff(string v) =>
        v.Trim().Length == 0 || v.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) || v.Trim().Equals("off", StringComparison.OrdinalIgnoreCase);

    private static double ParseDouble(string name, string v, double min, double max)
    {
        if (!double.TryParse(v.Trim(), NumberStyles.Float, Inv, out var x) || double.IsNaN(x))
        {
            throw Bad(name, v, $"a number between {min.ToString(Inv)} and {max.ToString(Inv)}");
        }

        if (x < min || x > max)
        {
            throw Bad(name, v, $"between {min.ToString(Inv)} and {max.ToString(Inv)}");
        }

        return x;
    }

    private static ArgumentException Bad(string name, string value, string expected) =>
        new($"Setting '{name}' must be {expected}; got '{value}'.", name);
}
