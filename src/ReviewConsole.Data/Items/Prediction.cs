using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Items;

/// <summary>A model version's opinion of an item. The routing prediction is the one that decided the route.</summary>
public sealed class Prediction
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public Item? Item { get; set; }
    public int WorkflowId { get; set; }
    public required string ModelVersion { get; set; }
    public required string Label { get; set; }
    public double Confidence { get; set; }
    public string? Probabilities { get; set; }
    public bool UsedForRouting { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class PredictionConfiguration : IEntityTypeConfiguration<Prediction>
{
    public void Configure(EntityTypeBuilder<Prediction> builder)
    {
        builder.Property(p => p.ModelVersion).HasMaxLength(100);
        builder.Property(p => p.Label).HasMaxLength(200);
        builder.Property(p => p.Probabilities).HasColumnType("jsonb");
        builder.HasIndex(p => p.ItemId);
        builder.HasOne(p => p.Item).WithMany().HasForeignKey(p => p.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
