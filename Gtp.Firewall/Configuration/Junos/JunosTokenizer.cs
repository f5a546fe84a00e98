using System.Text;

namespace Gtp.Firewall.Configuration.Junos;

/// <summary>
/// Splits one line of Junos <c>set</c> syntax into words: whitespace separates words, double quotes group words with
/// spaces (backslash escapes the next character inside quotes), and '#' at the start of a word begins a comment.
/// </summary>
internal static class JunosTokenizer
{
    /// <summary>Returns false with a reason for an unterminated quoted string.</summary>
    public static bool TryTokenize(string line, List<string> words, out string? error)
    {
        words.Clear();
        error = null;
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '#')
            {
                return true;
            }

            var word = new StringBuilder();
            var quoted = false;
            while (i < line.Length && (quoted || !char.IsWhiteSpace(line[i])))
            {
                c = line[i++];
                if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (quoted && c == '\\' && i < line.Length)
                {
                    word.Append(line[i++]);
                }
                else
                {
                    word.Append(c);
                }
            }

            if (quoted)
            {
                error = "unterminated quoted string";
                return false;
            }

            words.Add(word.ToString());
        }

        return true;
    }
}
