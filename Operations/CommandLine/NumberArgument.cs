using System.CommandLine.Parsing;

namespace Operations.CommandLine;

/// <summary>
/// A numeric option's value parsed by the rule the caller gives (digits only, a sign, a fraction): anything else is one
/// line naming the option and the text, not System.CommandLine's message naming a .NET type (<c>System.Nullable`1[...]</c>).
/// </summary>
public static class NumberArgument
{
    public delegate bool Parser<T>(string text, out T value);

    /// <summary>For an option's <c>CustomParser</c>: the value, or null with the error added to <paramref name="result"/>.</summary>
    public static T? Parse<T>(ArgumentResult result, string option, Parser<T> parse) where T : struct
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (parse(text, out var value))
            return value;
        result.AddError($"{option} '{text}' is not a number");
        return null;
    }
}
