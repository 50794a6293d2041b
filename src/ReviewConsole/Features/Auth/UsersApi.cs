using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using System.Security.Claims;
using ReviewConsole.Infrastructure;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Data;
using ReviewConsole.Data.Auth;

namespace ReviewConsole.Features.Auth;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        group.MapPost("/", Create);
        group.MapGet("/", List);
        group.MapPut("/{username}/roles", SetRoles);
        group.MapPost("/{username}/disable", Disable).WithSummary("Stop a user signing in and end every session of theirs at once.");
        group.MapPost("/{username}/enable", Enable).WithSummary("Let a disabled user sign in again.");
        return group;
    }

    internal static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateUserRequest request, UserManager<AppUser> users)
    {
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(request.Username) && request.Username.Length <= 256, "username", "Username is required (at most 256 characters).");
        errors.Require(!string.IsNullOrEmpty(request.Password), "password", "Password is required.");
        ValidateRoles(request.Roles, errors);
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);
        if (await users.FindByNameAsync(request.Username!) is not null)
            return ProblemHandling.Conflict($"User '{request.Username}' already exists.");

        var user = new AppUser { UserName = request.Username, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
            return TypedResults.ValidationProblem(IdentityErrors(created));
        await users.AddToRolesAsync(user, request.Roles!.Distinct());
        return TypedResults.Created($"/api/v1/users/{user.UserName}", await ResponseOf(users, user));
    }

    internal static async Task<Ok<List<UserResponse>>> List(UserManager<AppUser> users, RoleManager<IdentityRole> roles, CancellationToken ct)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(ct);
        var result = new List<UserResponse>(all.Count);
        foreach (var user in all)
            result.Add(await ResponseOf(users, user));
        return TypedResults.Ok(result);
    }

    internal static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> SetRoles(
        string username, SetRolesRequest request, UserManager<AppUser> users, IMemoryCache cache, ReviewDbContext db)
    {
        var errors = new FieldErrors();
        ValidateRoles(request.Roles, errors);
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);
        await using var transaction = await AdminChangeAsync(db);
        var user = await users.FindByNameAsync(username);
        if (user is null)
            return ProblemHandling.NotFound($"No user '{username}'.");
        var current = await users.GetRolesAsync(user);
        var wanted = request.Roles!.Distinct().ToList();
        if (current.Contains(Roles.Admin) && !wanted.Contains(Roles.Admin) && await IsLastAdminAsync(users, user))
            return ProblemHandling.Conflict($"'{username}' is the last admin; make someone else an admin first.");
        await users.RemoveFromRolesAsync(user, current.Except(wanted));
        await users.AddToRolesAsync(user, wanted.Except(current));
        // Tokens with the old roles stop working; open console sessions re-validate within a minute and pick up the new roles.
        await Sessions.EndAllAsync(users, cache, user);
        await transaction.CommitAsync();
        return TypedResults.Ok(await ResponseOf(users, user));
    }

    internal static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Disable(
        string username, ClaimsPrincipal caller, UserManager<AppUser> users, IMemoryCache cache, ReviewDbContext db)
    {
        await using var transaction = await AdminChangeAsync(db);
        if (await users.FindByNameAsync(username) is not { } user)
            return ProblemHandling.NotFound($"No user '{username}'.");
        if (user.Id == users.GetUserId(caller))
            return ProblemHandling.Conflict("You cannot disable yourself; ask another admin.");
        if (await users.IsInRoleAsync(user, Roles.Admin) && await IsLastAdminAsync(users, user))
            return ProblemHandling.Conflict($"'{username}' is the last enabled admin; make someone else an admin first.");
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await Sessions.EndAllAsync(users, cache, user);
        await transaction.CommitAsync();
        return TypedResults.Ok(await ResponseOf(users, user));
    }

    internal static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Enable(string username, UserManager<AppUser> users, IMemoryCache cache)
    {
        if (await users.FindByNameAsync(username) is not { } user)
            return ProblemHandling.NotFound($"No user '{username}'.");
        await users.SetLockoutEndDateAsync(user, null);
        StampCheck.Forget(cache, user.Id);
        return TypedResults.Ok(await ResponseOf(users, user));
    }

    private static async Task<UserResponse> ResponseOf(UserManager<AppUser> users, AppUser user) =>
        new(user.UserName!, [.. await users.GetRolesAsync(user)], await users.IsLockedOutAsync(user));

    /// <summary>
    /// Changes that could leave no enabled admin run one at a time: two admins disabling (or demoting) each other at
    /// once would both see the other as the admin who remains.
    /// </summary>
    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> AdminChangeAsync(ReviewDbContext db)
    {
        var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('admin-changes'))");
        return transaction;
    }

    /// <summary>True when no other enabled admin would remain without this one.</summary>
    private static async Task<bool> IsLastAdminAsync(UserManager<AppUser> users, AppUser user)
    {
        foreach (var admin in await users.GetUsersInRoleAsync(Roles.Admin))
        {
            if (admin.Id != user.Id && !await users.IsLockedOutAsync(admin))
                return false;
        }
        return true;
    }

    private static void ValidateRoles(IReadOnlyList<string>? roles, FieldErrors errors)
    {
        if (roles is null || roles.Count == 0)
        {
            errors.Add("roles", $"Give the user at least one role (one of {string.Join(", ", Roles.All)}).");
            return;
        }
        for (var i = 0; i < roles.Count; i++)
        {
            if (!Roles.All.Contains(roles[i]))
                errors.Add($"roles[{i}]", $"'{roles[i]}' is not a role. Roles: {string.Join(", ", Roles.All)}.");
        }
    }

    private static FieldErrors IdentityErrors(IdentityResult result)
    {
        var errors = new FieldErrors();
        foreach (var error in result.Errors)
            errors.Add(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "username", error.Description);
        return errors;
    }
}
