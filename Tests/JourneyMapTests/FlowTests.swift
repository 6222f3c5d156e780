import Testing
@testable import JourneyMap

@Suite struct FlowTests {
  @Test func placeholderBuilds() {
    let journey = Journey(file: "x.journey")
    #expect(Flow(journey).start == nil)
  }
}
