namespace ReviewConsole.Migrations;

public static class MigrationsAssembly
{
    /// <summary>Passed to UseNpgsql(..., o => o.MigrationsAssembly(Name)).</summary>
    public static string Name => typeof(MigrationsAssembly).Assembly.GetName().Name!;
}
