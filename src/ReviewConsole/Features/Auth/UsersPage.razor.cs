using Microsoft.AspNetCore.Components;
using MudBlazor;
using ReviewConsole.Components.Console;
using ReviewConsole.Contracts.Auth;

namespace ReviewConsole.Features.Auth;

/// <summary>The admin's list of people and their roles, and the form that adds one.</summary>
public sealed partial class UsersPage
{
    private static readonly Func<UserResponse, object> ByUsername = u => u.Username;

    [Inject] private ConsoleApi Api { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private List<UserResponse> _users = [];
    private string? _error;
    private string? _createError;
    /// <summary>A refused role change, shown in that user's row until dismissed or until a change of that user succeeds.</summary>
    private readonly Dictionary<string, string> _rowErrors = [];
    private NewUser _new = new();
    private int _loads;
    private string? _saving;
    private bool _creating;

    [CascadingParameter] private Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? Authentication { get; set; }

    /// <summary>The signed-in admin: they cannot disable themselves, so their row offers nothing.</summary>
    private string? _me;

    protected override async Task OnInitializedAsync()
    {
        _me = Authentication is null ? null : (await Authentication).User.Identity?.Name;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            var users = await Api.UsersAsync();
            _users = users.Value ?? [];
            _error = users.Ok ? null : users.Message;
        }
        catch (DatabaseUnavailableException)
        {
            _error = "The database is unreachable; reload the page when it is back.";
        }
        _loads++;
    }

    private async Task CreateAsync()
    {
        _creating = true;
        try
        {
            var created = await Api.CreateUserAsync(new CreateUserRequest(_new.Username, _new.Password, _new.Roles.ToList()));
            if (!created.Ok)
            {
                _createError = created.Message;
                return;
            }
            _createError = null;
            Snackbar.Add($"Created {created.Value!.Username}", Severity.Success);
            _new = new NewUser();
            await LoadAsync();
        }
        catch (DatabaseUnavailableException)
        {
            _createError = "The database is unreachable; the user was not created.";
        }
        finally
        {
            _creating = false;
        }
    }

    private async Task ToggleRoleAsync(UserResponse user, string role, bool on)
    {
        var roles = on ? user.Roles.Append(role).Distinct().ToList() : user.Roles.Where(r => r != role).ToList();
        _saving = user.Username;
        try
        {
            var updated = await Api.SetRolesAsync(user.Username, roles);
            if (updated.Ok)
            {
                _rowErrors.Remove(user.Username);
                Snackbar.Add($"{user.Username}: {(on ? "added" : "removed")} {role}", Severity.Success);
            }
            else
            {
                _rowErrors[user.Username] = $"{(on ? "Could not add" : "Could not remove")} {role}: {updated.Message.TrimEnd('.')}. The roles shown are unchanged.";
            }
        }
        catch (DatabaseUnavailableException)
        {
            _rowErrors[user.Username] = $"The database is unreachable; {role} was not {(on ? "added" : "removed")}.";
        }
        finally
        {
            _saving = null;
        }
        // Reload either way: the row shows the stored roles, and a refused click is undone visibly beside its reason.
        await LoadAsync();
    }

    private async Task SetAccessAsync(UserResponse user, bool enable)
    {
        _saving = user.Username;
        try
        {
            var changed = enable ? await Api.EnableUserAsync(user.Username) : await Api.DisableUserAsync(user.Username);
            if (changed.Ok)
            {
                _rowErrors.Remove(user.Username);
                Snackbar.Add(enable ? $"{user.Username} may sign in again" : $"{user.Username} is disabled; their sessions have ended", Severity.Success);
            }
            else
            {
                _rowErrors[user.Username] = $"Could not {(enable ? "enable" : "disable")} {user.Username}: {changed.Message}";
            }
        }
        catch (DatabaseUnavailableException)
        {
            _rowErrors[user.Username] = "The database is unreachable; nothing changed.";
        }
        finally
        {
            _saving = null;
        }
        await LoadAsync();
    }

    private void DismissRow(string username) => _rowErrors.Remove(username);

    private void DismissCreate() => _createError = null;

    private static void Toggle(HashSet<string> set, string value, bool on)
    {
        if (on)
            set.Add(value);
        else
            set.Remove(value);
    }

    private sealed class NewUser
    {
        public string? Username { get; set; }
        public string? Password { get; set; }
        public HashSet<string> Roles { get; } = [ReviewConsole.Contracts.Auth.Roles.Reviewer];
    }
}
