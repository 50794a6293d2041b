namespace ReviewConsole.Web.Api;

public static class ConsoleClaims
{
    /// <summary>The user's Api bearer token, kept inside the (encrypted) console cookie.</summary>
    public const string AccessToken = "rc:access_token";
}
