using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Webhooks;

/// <summary>An outbox row: written in the transaction that decides the item, delivered with retries.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public int WorkflowId { get; set; }
    /// <summary>The decided item; null for a workflow event (a canary that rolled back by itself).</summary>
    public long? ItemId { get; set; }
    public required string Url { get; set; }
    public required string Payload { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.Url).HasMaxLength(2000);
        builder.Property(d => d.Payload).HasColumnType("jsonb");
        builder.Property(d => d.LastError).HasMaxLength(2000);
        builder.HasIndex(d => d.NextAttemptAt).HasFilter("delivered_at IS NULL AND failed_at IS NULL").HasDatabaseName("ix_webhook_deliveries_due");
    }
}
