import { DUPLICATE, promotionList } from '../../ecs/column-map.js';
import type { DeviceRecord } from './record.js';

/** DeviceFileCertificateInfo: the signature and certificate of a file, as ECS `file.*`. */
const CERTIFICATE = promotionList([
  ['SHA1', 'file.hash.sha1', 'set', DUPLICATE],
  ['IsSigned', 'file.code_signature.exists', 'set', DUPLICATE],
  ['IsTrusted', 'file.code_signature.trusted', 'set', DUPLICATE],
  ['Signer', 'file.code_signature.subject_name', 'set', DUPLICATE],
  ['Issuer', 'file.x509.issuer.common_name', 'append', DUPLICATE],
  ['CertificateExpirationTime', 'file.x509.not_after', 'set', DUPLICATE],
  ['CertificateSerialNumber', 'file.x509.serial_number', 'set', DUPLICATE],
]);

export function mapFileCertificate(record: DeviceRecord): void {
  record.columns.promote(CERTIFICATE);
}
