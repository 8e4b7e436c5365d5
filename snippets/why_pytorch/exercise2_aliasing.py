HIGH_TONE = 5000.0  # Hz, above the Nyquist frequency SAMPLE_RATE / 2

high_samples = torch.sin(2 * math.pi * HIGH_TONE * times)
high_spectrum = torch.fft.rfft(high_samples).abs()
alias = frequencies[high_spectrum.argmax()].item()
print("Nyquist frequency (Hz):", SAMPLE_RATE / 2)
print(f"the {HIGH_TONE:g} Hz tone shows up at (Hz):", alias)
