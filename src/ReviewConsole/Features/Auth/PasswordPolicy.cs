using Microsoft.AspNetCore.Identity;
using ReviewConsole.Data.Auth;

namespace ReviewConsole.Features.Auth;

/// <summary>
/// Passwords people can remember and attackers do not guess first: at least 12 characters and at most 128, not the
/// username or containing it, and not a common password dressed up with capitals, digits and symbols
/// (<c>Password123!</c>, <c>Qwerty2026!!</c>, <c>P@ssw0rd1234</c>). Length counts for more than character classes
/// (NIST SP 800-63B, 3.1.1.2), so those are not required.
/// </summary>
internal sealed class PasswordPolicy : IPasswordValidator<AppUser>
{
    public const int MinLength = 12;
    public const int MaxLength = 128;
    public const string Rule = "At least 12 characters; not a common password and not containing the username.";

    // Words at the root of the most common leaked passwords (the top of the RockYou and "most common passwords"
    // lists), compared after undoing l33t substitutions and dropping digits and symbols.
    private static readonly HashSet<string> CommonRoots = new(StringComparer.Ordinal)
    {
        "password", "passwort", "passw", "pass", "qwerty", "qwertz", "azerty", "asdf", "asdfgh", "asdfghjkl", "zxcvbn", "zxcvbnm",
        "qwertyuiop", "qazwsx", "qwe", "abc", "abcd", "abcdef", "abcdefgh", "letmein", "welcome", "admin", "administrator",
        "root", "user", "login", "master", "iloveyou", "love", "lovely", "monkey", "dragon", "football", "baseball", "soccer",
        "hockey", "basketball", "sunshine", "princess", "shadow", "superman", "batman", "trustno", "freedom", "whatever",
        "starwars", "pokemon", "michael", "jennifer", "jordan", "hunter", "ranger", "buster", "thomas", "robert", "daniel",
        "charlie", "secret", "changeme", "default", "guest", "test", "tester", "testing", "summer", "winter", "spring",
        "autumn", "computer", "internet", "samsung", "google", "microsoft", "apple", "hello", "helloworld", "mustang",
        "access", "flower", "cheese", "killer", "pepper", "ginger", "tigger", "cookie", "chocolate", "matrix", "liverpool",
        "chelsea", "arsenal", "banana", "orange", "purple", "silver", "golden", "diamond", "angel", "angels", "family",
        "friends", "forever", "blink", "nicole", "jessica", "ashley", "qwertyu", "zaq", "zaqxsw", "mypassword", "mypass",
        "passpass", "secure", "security", "system", "server", "database",
        "reviewconsole", "console", "company", "business", "office", "monday", "friday", "january", "december",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var problem = Check(user.UserName, password);
        return Task.FromResult(problem is null
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "PasswordPolicy", Description = problem }));
    }

    /// <summary>Why the password is refused, or null when it is acceptable.</summary>
    public static string? Check(string? username, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
            return $"Passwords need at least {MinLength} characters.";
        if (password.Length > MaxLength)
            return $"Passwords have at most {MaxLength} characters.";
        var lower = password.ToLowerInvariant();
        if (!string.IsNullOrEmpty(username) && username.Length >= 3 && lower.Contains(username.ToLowerInvariant(), StringComparison.Ordinal))
            return "The password must not contain the username.";
        if (password.Distinct().Count() < 5)
            return "The password repeats too few characters; choose a longer phrase.";
        if (IsCommon(Core(lower)) || IsCommon(new string(lower.Where(char.IsAsciiLetter).ToArray())) || IsSequence(password))
            return "This password is too common or too easy to guess; choose another, such as a few unrelated words.";
        return null;
    }

    /// <summary>
    /// The word inside the decoration: leading and trailing digits and symbols dropped (<c>!!Password2026</c>), then
    /// l33t substitutions undone (<c>P@ssw0rd</c>) and anything else that is not a letter dropped.
    /// </summary>
    private static string Core(string lower)
    {
        var core = lower.AsSpan().Trim("0123456789!@#$%^&*()-_=+.,;:?~ '\"/\\[]{}<>|`");
        return new string(core.ToArray().Select(c => c switch
        {
            '0' => 'o', '1' => 'i', '3' => 'e', '4' => 'a', '5' => 's', '7' => 't', '@' => 'a', '$' => 's', '!' => 'i',
            _ => c,
        }).Where(char.IsAsciiLetter).ToArray());
    }

    /// <summary>Nothing but a common root, alone or repeated (<c>passwordpassword</c>), or no letters at all.</summary>
    private static bool IsCommon(string letters)
    {
        if (letters.Length == 0 || CommonRoots.Contains(letters))
            return true;
        for (var size = 1; size <= letters.Length / 2; size++)
        {
            if (letters.Length % size == 0 && string.Concat(Enumerable.Repeat(letters[..size], letters.Length / size)) == letters)
                return true;
        }
        return false;
    }

    /// <summary>Mostly a run of consecutive characters (<c>123456789012</c>, <c>abcdefghijkl</c>).</summary>
    private static bool IsSequence(string password)
    {
        var steps = 0;
        for (var i = 1; i < password.Length; i++)
        {
            if (Math.Abs(password[i] - password[i - 1]) == 1)
                steps++;
        }
        return steps >= password.Length * 2 / 3;
    }
}
