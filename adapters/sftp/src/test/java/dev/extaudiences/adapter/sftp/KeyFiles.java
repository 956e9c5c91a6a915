package dev.extaudiences.adapter.sftp;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;

/** Private key files as ssh-keygen and OpenSSL write them, made here from a key pair. */
enum KeyFiles {

    /** {@code ssh-keygen}'s own format, unencrypted. */
    OPENSSH {
        @Override
        String write(KeyPair pair, String passphrase) throws Exception {
            return openSsh(pair, null);
        }
    },
    /**
     * {@code ssh-keygen}'s own format, encrypted with AES-256-CTR under a key derived with bcrypt in 16 rounds, as
     * ssh-keygen does (the slowest to write and read here: a second or so each way on a loaded machine).
     */
    OPENSSH_ENCRYPTED {
        @Override
        String write(KeyPair pair, String passphrase) throws Exception {
            OpenSSHKeyEncryptionContext encryption = new OpenSSHKeyEncryptionContext();
            encryption.setPassword(passphrase);
            encryption.setCipherName("AES");
            encryption.setCipherMode("CTR");
            encryption.setCipherType("256");
            return openSsh(pair, encryption);
        }
    },
    /** {@code BEGIN PRIVATE KEY}: PKCS#8, unencrypted ({@code ssh-keygen -m PKCS8}, {@code openssl genpkey}). */
    PKCS8_PEM {
        @Override
        String write(KeyPair pair, String passphrase) {
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        }
    },
    /** {@code BEGIN ENCRYPTED PRIVATE KEY}: PKCS#8 encrypted with PBES2 and AES-256-CBC. */
    PKCS8_PEM_ENCRYPTED {
        @Override
        String write(KeyPair pair, String passphrase) throws Exception {
            return pem(new JcaPKCS8Generator(pair.getPrivate(), new JceOpenSSLPKCS8EncryptorBuilder(
                    JcaPKCS8Generator.AES_256_CBC).setPassword(passphrase.toCharArray())
                    .setRandom(new SecureRandom()).build()));
        }
    },
    /** {@code BEGIN RSA PRIVATE KEY} with {@code Proc-Type: 4,ENCRYPTED}: OpenSSL's traditional format. */
    TRADITIONAL_PEM_ENCRYPTED {
        @Override
        String write(KeyPair pair, String passphrase) throws Exception {
            return pem(new JcaMiscPEMGenerator(pair, new JcePEMEncryptorBuilder("AES-128-CBC")
                    .setSecureRandom(new SecureRandom()).build(passphrase.toCharArray())));
        }
    };

    /** The key file of {@code pair}, encrypted with {@code passphrase} where the format is an encrypted one. */
    abstract String write(KeyPair pair, String passphrase) throws Exception;

    boolean encrypted() {
        return name().endsWith("_ENCRYPTED");
    }

    private static String openSsh(KeyPair pair, OpenSSHKeyEncryptionContext encryption) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new OpenSSHKeyPairResourceWriter().writePrivateKey(pair, "reader@test", encryption, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String pem(Object generator) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (generator instanceof JcaPKCS8Generator pkcs8) {
                writer.writeObject(pkcs8);
            } else {
                writer.writeObject((JcaMiscPEMGenerator) generator);
            }
        }
        return text.toString();
    }
}
