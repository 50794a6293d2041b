// Lets WebApplicationFactory<Program> host the whole console (API, pages, hub, workers) in integration tests.
public partial class Program;
