using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Data.Auth;

/// <summary>A model client's key for one workflow. Only the SHA-256 of the key is stored.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public int WorkflowId { get; set; }
    public Workflow? Workflow { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(256);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasOne(k => k.Workflow).WithMany().HasForeignKey(k => k.WorkflowId).OnDelete(DeleteBehavior.Cascade);
    }
}
