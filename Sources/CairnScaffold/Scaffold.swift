import CairnCatalog

/// Golden-path templates: Backstage `scaffolder.backstage.io/v1beta3` Template entities turned
/// into forms, rendered into a work area, published with git and registered in the catalog.
public enum Scaffold {
    /// The apiVersion of the templates cairn runs.
    public static let templateAPIVersion = "scaffolder.backstage.io/v1beta3"
}
