import math

SAMPLE_RATE = 8000  # samples per second (Hz), the rate of telephone audio
DURATION = 1.0  # seconds
FUNDAMENTAL = 440.0  # Hz, the note A above middle C
HARMONIC_AMPLITUDE = 0.3  # loudness of the second harmonic

times = torch.arange(int(SAMPLE_RATE * DURATION)) / SAMPLE_RATE  # i / f_s
fundamental = torch.sin(2 * math.pi * FUNDAMENTAL * times)
harmonic = torch.sin(2 * math.pi * 2 * FUNDAMENTAL * times)
waveform = fundamental + HARMONIC_AMPLITUDE * harmonic
# Shape (channels, samples): a mono recording has one channel
waveform = waveform.unsqueeze(0)
print("waveform:", tuple(waveform.shape), waveform.dtype)

# Once sound is a tensor, analysing it is tensor maths:
# the Fourier transform finds the frequencies it is made of
spectrum = torch.fft.rfft(waveform[0]).abs()
frequencies = torch.fft.rfftfreq(waveform.shape[1], d=1 / SAMPLE_RATE)
strongest = frequencies[spectrum.topk(2).indices]
print("two strongest frequencies (Hz):", sorted(strongest.tolist()))
