/// The hash of what a map says, for sign-offs: the first 16 hexadecimal digits of the SHA-256
/// of a canonical listing of the model.
///
/// The listing holds every field of the model that a reader sees or the flow follows, in file
/// order, each value length-prefixed so that no two maps list alike; it leaves out source
/// positions, comments, layout and the sign-off lines. So a map reformatted, re-commented or
/// with an attribute moved to a line of its own keeps its hash; a changed label, feeling,
/// owner, branch or status changes it. A field added to the model must be added here too.
public enum ContentHash {
  /// Hexadecimal digits kept: 64 bits, plenty to tell two versions of one map apart.
  public static let length = 16

  public static func of(_ journey: Journey) -> String {
    String(SHA256.hex(Array(listing(journey).utf8)).prefix(length))
  }

  static func isWellFormed(_ text: String) -> Bool {
    text.count == length && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
  }

  /// The canonical listing hashed by `of`: one `key value` line per field.
  static func listing(_ journey: Journey) -> String {
    var out = ""
    func put(_ key: String, _ value: String?) {
      guard let value else { return }
      out += "\(key) \(value.utf8.count):\(value)\n"
    }
    func put(_ key: String, _ values: [String]) { for value in values { put(key, value) } }
    put("title", journey.title)
    put("description", journey.descriptions)
    for persona in journey.personas {
      put("persona", persona.name)
      put("id", persona.id)
      put("goal", persona.goals)
      put("description", persona.descriptions)
    }
    for owner in journey.owners {
      put("owner", owner.id)
      put("name", owner.name)
      if owner.isExternal { put("external", "") }
      switch owner.color {
      case .named(let color)?: put("color", color.rawValue)
      case .hex(let hex)?: put("color", hex.uppercased())
      case nil: break
      }
    }
    for phase in journey.phases {
      put("phase", phase.name)
      put("stages", phase.stages.map(\.name))
    }
    for stage in journey.stages {
      put("stage", stage.label)
      put("id", stage.id)
      put("metric", stage.metrics)
      putWorkshop(stage.workshop)
      for step in stage.steps {
        put(step.kind.rawValue, step.label)
        put("id", step.id)
        put("owner", step.owners.map(\.name))
        put("channel", step.channel.map { channel in
          switch channel {
          case .known(let known): known.rawValue
          case .other(let text): "\"" + text
          }
        })
        put("feel", step.feel.map(String.init))
        if step.isBackstage { put("backstage", "") }
        put("by", step.decider?.rawValue)
        put("pain", step.pains)
        put("opportunity", step.opportunities)
        put("metric", step.metrics)
        put("tool", step.tools)
        putWorkshop(step.workshop)
        for branch in step.branches {
          put("branch", branch.target.name)
          put("label", branch.label)
        }
      }
    }
    func putWorkshop(_ workshop: Workshop) {
      put("status", workshop.status?.rawValue)
      put("note", workshop.notes)
      put("question", workshop.questions)
    }
    return out
  }
}

extension ContentHash {
  /// The version of a file as bytes (16 hexadecimal digits of their SHA-256): what
  /// `journeymap serve` compares to refuse a write over a file that changed on disk.
  public static func ofBytes(_ bytes: [UInt8]) -> String {
    String(SHA256.hex(bytes).prefix(length))
  }
}
