using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace ReviewConsole.Features.Auth;

/// <summary>
/// The data-protection key ring signs bearer tokens, refresh tokens and console cookies. It lives in PostgreSQL so
/// every replica honours every replica's tokens, but encrypted with a certificate that is kept outside the database
/// (<c>DataProtection:CertificatePath</c>, a PKCS#12 file; generated on first run when absent): a database read alone
/// no longer lets anyone mint a token. Keys stored in clear by earlier releases are ignored, so an upgrade signs
/// everyone out once and the old keys mint nothing.
/// </summary>
public static class KeyRing
{
    public static WebApplicationBuilder AddKeyRing(this WebApplicationBuilder builder)
    {
        var path = builder.Configuration["DataProtection:CertificatePath"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
                "ReviewConsole", "keyring.pfx");
        var certificate = LoadOrCreate(Path.GetFullPath(path), builder.Configuration["DataProtection:CertificatePassword"]);
        builder.Services.AddDataProtection()
            .SetApplicationName("ReviewConsole")
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate(certificate);
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceScopeFactory>((options, scopes) => options.XmlRepository = new DbXmlRepository(scopes));
        return builder;
    }

    internal static X509Certificate2 LoadOrCreate(string path, string? password)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written aside and moved into place: two hosts starting together end up sharing one certificate.
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            // Readable by its owner only from the moment it exists: it holds the private key.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(temporary, options))
                file.Write(Create().Export(X509ContentType.Pkcs12, password));
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"The key-ring certificate '{path}' (DataProtection:CertificatePath) could not be read: {e.Message} " +
                "Check DataProtection:CertificatePassword, or remove the file to start a new key ring (everyone signs in again).", e);
        }
    }

    private static X509Certificate2 Create()
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=ReviewConsole key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(30));
    }
}
