import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** Roles in increasing power; a key with a role may do what the roles below it may. */
export enum Role {
  READER = "reader",
  EDITOR = "editor",
  ADMIN = "admin",
}

/** An API key; only its SHA-256 hash is stored. */
@Entity({ name: "api_keys" })
export class ApiKey {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text" })
  name: string;

  @Column({ type: "text" })
  role: Role;

  @Column({ name: "key_hash", type: "text", unique: true })
  keyHash: string;

  /** First characters of the key, shown in listings to tell keys apart. */
  @Column({ name: "key_prefix", type: "text" })
  keyPrefix: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Column({ name: "revoked_at", type: "timestamptz", nullable: true })
  revokedAt: Date | null;

  /** When the key stops working; null: never. */
  @Column({ name: "expires_at", type: "timestamptz", nullable: true })
  expiresAt: Date | null;
}
