using System.Globalization;

namespace PSMigrate.Engine.Revisions;

/// <summary>
/// Dates as PSMigrate writes them (ISO 8601: 2026-11-22T14:00:00Z, fractions and offsets
/// allowed), read by hand: every load reads a thousand of them, and DateTimeOffset.TryParse
/// costs a cold start ~10 ms before its first answer. Anything else goes to TryParse.
/// </summary>
internal static class IsoDate
{
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.AsSpan().Trim();
        if (s.Length >= 19 && s[4] == '-' && s[7] == '-' && s[10] is 'T' or ' ' && s[13] == ':' && s[16] == ':' &&
            Digits(s[..4], out var year) && Digits(s[5..7], out var month) && Digits(s[8..10], out var day) &&
            Digits(s[11..13], out var hour) && Digits(s[14..16], out var minute) && Digits(s[17..19], out var second))
        {
            var rest = s[19..];
            long ticks = 0;
            if (rest.Length > 0 && rest[0] == '.')
            {
                var digits = 1;
                while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
                {
                    digits++;
                }

                var fraction = rest[1..digits];
                for (var i = 0; i < 7; i++)
                {
                    ticks = ticks * 10 + (i < fraction.Length ? fraction[i] - '0' : 0);
                }

                rest = rest[digits..];
            }

            TimeSpan? offset = rest switch
            {
                [] or ['Z'] or ['z'] => TimeSpan.Zero,
                [var sign and ('+' or '-'), _, _, ':', _, _] when Digits(rest[1..3], out var h) && Digits(rest[4..6], out var m) =>
                    (sign == '-' ? -1 : 1) * new TimeSpan(h, m, 0),
                _ => null,
            };
            if (offset is { } known && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(year, 1), month) &&
                hour < 24 && minute < 60 && second < 60 && year >= 1)
            {
                value = new DateTimeOffset(year, month, day, hour, minute, second, known).AddTicks(ticks);
                return true;
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }
}
