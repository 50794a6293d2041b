using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using ReviewConsole.Data;
using ReviewConsole.Data.Auth;

namespace ReviewConsole.Features.Auth;

/// <summary>
/// Keeps the data-protection key ring in PostgreSQL so every replica accepts every replica's tokens. A key whose
/// secret is stored in clear (written before <see cref="KeyRing"/> encrypted them) is never handed out.
/// </summary>
internal sealed class DbXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
        return db.DataProtectionKeys.Select(k => k.Xml).AsEnumerable().Select(XElement.Parse).Where(IsNotInClear).ToList();
    }

    private static bool IsNotInClear(XElement element) =>
        element.Name.LocalName != "key" || !element.Descendants().Any(e => e.Name.LocalName == "masterKey");

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
