"""A generated map of N steps for the serve tests: stages of ten, six owners, feelings."""
import sys

def generate(steps=50, title="Generated journey"):
    owners = ["sales", "service", "field", "billing", "web", "dist"]
    lines = ['# generated for the serve tests', f'journey "{title}"', 'persona ama "Ama"', '']
    for o in owners:
        lines.append(f'owner {o} "Team {o}"' + (" external" if o == "dist" else ""))
    lines.append("")
    n = 0
    stage = 0
    while n < steps:
        stage += 1
        lines.append(f'stage s{stage} "Stage {stage}"')
        lines.append(f'  metric "Drop-off {stage * 3} %"')
        for k in range(10):
            if n >= steps:
                break
            n += 1
            owner = owners[(n * 7 + stage) % len(owners)]
            feel = (n % 5) - 2
            lines.append(f'  touchpoint t{n} "Step number {n}" owner {owner} channel web feel {feel:+d}')
            if n % 4 == 0:
                lines.append(f'    pain "Pain at step {n}"')
            if n % 6 == 0:
                lines.append(f'    question "Is step {n} real?"')
        lines.append("")
    return "\n".join(lines) + "\n"

if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
