# An optimizer needs parameters; this one never gets a gradient, so its
# step() changes nothing, and we only watch the schedule.
probe = torch.zeros(1, requires_grad=True)
probe_optimizer = torch.optim.SGD([probe], lr=LEARNING_RATE)
probe_schedule = torch.optim.lr_scheduler.StepLR(
    probe_optimizer, step_size=50, gamma=0.5
)
rate_in_epoch = {}  # epoch number (from 1) -> the learning rate it uses
for probe_epoch in range(1, 151):
    rate_in_epoch[probe_epoch] = probe_schedule.get_last_lr()[0]
    probe_optimizer.step()
    probe_schedule.step()

for probe_epoch in [1, 50, 51, 100, 101, 120]:
    probe_rate = rate_in_epoch[probe_epoch]
    print(f"epoch {probe_epoch:3}: learning rate {probe_rate:g}")
