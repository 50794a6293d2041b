using MudBlazor;

namespace ReviewConsole.Components.Layout;

/// <summary>The console's palette (the same colours as console.css) and system fonts: the browser may have no internet.</summary>
public static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2f6fde",
            Secondary = "#1f3a5f",
            AppbarBackground = "#1f3a5f",
            Success = "#12805c",
            Warning = "#b54708",
            Error = "#b42318",
            Background = "#f5f7fa",
            TextPrimary = "#1d2633",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "DejaVu Sans", "system-ui", "sans-serif"] },
        },
    };
}
