using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Drift;

/// <summary>One feature's profile (counts by bin, category or token, as JSON) in one 5-minute bucket.</summary>
public sealed class FeatureProfileRow
{
    public int WorkflowId { get; set; }
    public DateTimeOffset Bucket { get; set; }
    public required string Feature { get; set; }
    public required string Counts { get; set; }
    public long Items { get; set; }
}

internal sealed class FeatureProfileRowConfiguration : IEntityTypeConfiguration<FeatureProfileRow>
{
    public void Configure(EntityTypeBuilder<FeatureProfileRow> builder)
    {
        builder.ToTable("FeatureProfiles");
        builder.HasKey(p => new { p.WorkflowId, p.Bucket, p.Feature });
        builder.Property(p => p.Feature).HasMaxLength(100);
        builder.Property(p => p.Counts).HasColumnType("jsonb");
    }
}
