import selfsigned from 'selfsigned';

let generated: { key: string; cert: string } | undefined;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made once per process: simulated
 * clusters and test API servers speak HTTPS with it, and clients trust it through caData,
 * exactly as they trust a real cluster's CA. Generated in-process: no openssl needed.
 */
export function selfSignedCertificate(): { key: string; cert: string } {
  if (!generated) {
    const pems = selfsigned.generate(
      [{ name: 'commonName', value: '127.0.0.1' }],
      {
        days: 30,
        keySize: 2048,
        algorithm: 'sha256',
        extensions: [
          { name: 'basicConstraints', cA: true },
          {
            name: 'keyUsage',
            keyCertSign: true,
            digitalSignature: true,
            keyEncipherment: true,
          },
          { name: 'extKeyUsage', serverAuth: true },
          {
            name: 'subjectAltName',
            altNames: [
              { type: 7, ip: '127.0.0.1' },
              { type: 2, value: 'localhost' },
            ],
          },
        ],
      },
    );
    generated = { key: pems.private, cert: pems.cert };
  }
  return generated;
}
