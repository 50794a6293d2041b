using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Models;

/// <summary>The audit trail of champion/challenger assignments.</summary>
public sealed class ModelAliasChange
{
    public long Id { get; set; }
    public int WorkflowId { get; set; }
    public required string Alias { get; set; }
    public string? FromVersion { get; set; }
    public string? ToVersion { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class ModelAliasChangeConfiguration : IEntityTypeConfiguration<ModelAliasChange>
{
    public void Configure(EntityTypeBuilder<ModelAliasChange> builder)
    {
        builder.Property(c => c.Alias).HasMaxLength(16);
        builder.Property(c => c.FromVersion).HasMaxLength(100);
        builder.Property(c => c.ToVersion).HasMaxLength(100);
        builder.Property(c => c.Actor).HasMaxLength(256);
        builder.HasIndex(c => new { c.WorkflowId, c.At });
    }
}
