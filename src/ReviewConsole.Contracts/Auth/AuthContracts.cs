namespace ReviewConsole.Contracts.Auth;

public static class Roles
{
    public const string Reviewer = "reviewer";
    public const string MlLead = "mllead";
    public const string Manager = "manager";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Reviewer, MlLead, Manager, Admin];
}

public sealed record LoginRequest(string? Username, string? Password);

/// <summary>What sign-in and refresh answer: a short-lived access token and the refresh token that renews it.</summary>
public sealed record LoginResponse(string AccessToken, long ExpiresIn, string? RefreshToken = null, string TokenType = "Bearer");

public sealed record MeResponse(string Username, IReadOnlyList<string> Roles);

public sealed record CreateUserRequest(string? Username, string? Password, IReadOnlyList<string>? Roles);

public sealed record SetRolesRequest(IReadOnlyList<string>? Roles);

/// <summary>A person who may sign in; a disabled user cannot, and every session of theirs has ended.</summary>
public sealed record UserResponse(string Username, IReadOnlyList<string> Roles, bool Disabled = false);

public sealed record CreateApiKeyRequest(string? Name);

/// <summary>The key itself is returned once, at creation; only its hash is stored.</summary>
public sealed record ApiKeyCreatedResponse(Guid Id, string Key, string Name, string Prefix);

public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record RefreshRequest(string? RefreshToken);
