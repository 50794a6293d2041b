using ReviewConsole.Contracts.Auth;

namespace ReviewConsole.Features.Auth;

/// <summary>Who may do what. Admins hold every permission; API-key clients only ingest and read items.</summary>
public static class Policies
{
    public const string SignedIn = "signed-in";
    public const string Review = "review";
    public const string ManageModels = "manage-models";
    public const string Admin = "admin";
    public const string Ingest = "ingest";
    public const string ReadItems = "read-items";
    public const string ReadDashboards = "read-dashboards";

    public const string ClientRole = "client";
    public const string WorkflowClaim = "workflow";

    public static void Configure(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireRole(Roles.All.ToArray()));
        options.AddPolicy(Review, p => p.RequireRole(Roles.Reviewer, Roles.MlLead, Roles.Admin));
        options.AddPolicy(ManageModels, p => p.RequireRole(Roles.MlLead, Roles.Admin));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(Ingest, p => p.RequireRole(ClientRole, Roles.MlLead, Roles.Admin));
        options.AddPolicy(ReadItems, p => p.RequireRole([ClientRole, .. Roles.All]));
        options.AddPolicy(ReadDashboards, p => p.RequireRole(Roles.Manager, Roles.MlLead, Roles.Admin));
    }
}
